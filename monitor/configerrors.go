package monitor

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// ConfigErrors are every problem found in a configuration, each with its
// line and the setting it concerns, so one edit can fix them all.
type ConfigErrors []string

func (e ConfigErrors) Error() string {
	if len(e) == 1 {
		return e[0]
	}
	return fmt.Sprintf("%d errors:\n  %s", len(e), strings.Join(e, "\n  "))
}

// maxConfigErrors bounds the list: past that, more lines help nobody.
const maxConfigErrors = 20

// checkConfigNode walks the parsed YAML against the Config type and
// reports, in the configuration's own terms, every unknown key and every
// value of the wrong type: its line, its path (modules.NAME.timeout), what
// was expected and what was found.
// The sections it names in bad (allowed_targets, api, modules.NAME) hold
// an error, so their later checks are skipped rather than said twice.
func checkConfigNode(root *yaml.Node) (errs ConfigErrors, bad map[string]bool) {
	c := &nodeChecker{bad: make(map[string]bool)}
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	c.check(root, reflect.TypeFor[Config](), "")
	return c.errs, c.bad
}

// sortedByLine orders errors by their line (those without one first) and
// bounds their number.
func sortedByLine(errs ConfigErrors) ConfigErrors {
	lineOf := func(s string) int {
		var n int
		if _, err := fmt.Sscanf(s, "line %d:", &n); err != nil {
			return 0
		}
		return n
	}
	slices.SortStableFunc(errs, func(a, b string) int { return lineOf(a) - lineOf(b) })
	if len(errs) > maxConfigErrors {
		errs = append(errs[:maxConfigErrors:maxConfigErrors], fmt.Sprintf("(%d more errors not shown)", len(errs)-maxConfigErrors))
	}
	return errs
}

type nodeChecker struct {
	errs  ConfigErrors
	bad   map[string]bool
	depth int
}

var yamlDurationType = reflect.TypeFor[time.Duration]()

func (c *nodeChecker) errorf(n *yaml.Node, path string, format string, args ...any) {
	parts := strings.SplitN(path, ".", 3)
	switch {
	case len(parts) >= 2 && parts[0] == "modules":
		c.bad["modules."+parts[1]] = true
	case path == "" || path == "modules":
		c.bad[""] = true
	default:
		c.bad[parts[0]] = true
	}
	c.errs = append(c.errs, fmt.Sprintf("line %d: ", n.Line)+fmt.Sprintf(format, args...))
}

func (c *nodeChecker) check(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if c.depth > 16 || n.Tag == "!!null" {
		return // absent: the default applies
	}
	c.depth++
	defer func() { c.depth-- }()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct && t != yamlDurationType:
		if n.Kind != yaml.MappingNode {
			c.errorf(n, path, "%s: expected %s, got %s", settingName(path), describeType(t, path), describeNode(n))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			f, ok := fieldByYAMLName(t, key.Value)
			if !ok {
				c.errorf(key, cfgJoin(path, key.Value), "field %s not found in %s: the known fields are %s", key.Value, cfgSection(path), strings.Join(yamlFieldNames(t), ", "))
				continue
			}
			c.check(val, f.Type, cfgJoin(path, key.Value))
		}
	case t.Kind() == reflect.Map:
		if n.Kind != yaml.MappingNode {
			c.errorf(n, path, "%s: expected %s, got %s", settingName(path), describeType(t, path), describeNode(n))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			c.check(n.Content[i+1], t.Elem(), cfgJoin(path, n.Content[i].Value))
		}
	default:
		if err := n.Decode(reflect.New(t).Interface()); err != nil {
			c.errorf(n, path, "%s: expected %s, got %s", settingName(path), describeType(t, path), describeNode(n))
		}
	}
}

func cfgJoin(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func settingName(path string) string {
	if path == "" {
		return "the configuration"
	}
	return path
}

// cfgSection names where a key sits, as the README's configuration does.
func cfgSection(path string) string {
	switch {
	case path == "":
		return "the top level"
	case strings.HasPrefix(path, "modules.") && strings.Count(path, ".") == 1:
		return "module " + strconv.Quote(strings.TrimPrefix(path, "modules."))
	}
	return path
}

func fieldByYAMLName(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); tag == key && tag != "" && tag != "-" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func yamlFieldNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" && tag != "-" {
			out = append(out, tag)
		}
	}
	return out
}

// describeType says what a setting takes, in YAML words.
func describeType(t reflect.Type, path string) string {
	switch {
	case t == yamlDurationType:
		return "a duration such as 20s or 1m30s"
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() == reflect.Int:
		return "a whole number"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return "a list of strings, such as [ftp.example.com, \"*.example.net\"]"
	case t.Kind() == reflect.Map && path == "modules":
		return "a mapping of module names to their settings"
	case t.Kind() == reflect.Struct:
		return "a mapping of settings (key: value)"
	}
	return t.String()
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	return strconv.Quote(v)
}

// keyLine is the line of a key under the top-level mapping (path of
// keys), 0 when it is not there.
func keyLine(root *yaml.Node, keys ...string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	line := 0
	for _, k := range keys {
		if n.Kind != yaml.MappingNode {
			return line
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				line, n, found = n.Content[i].Line, n.Content[i+1], true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}
