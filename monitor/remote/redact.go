package remote

import (
	"reflect"
	"strings"
)

// redacted replaces a password wherever it shows up.
const redacted = "[redacted]"

// scrub replaces every occurrence of secret in the strings reachable from
// v (a pointer), whatever struct, slice, map or pointer holds them. The
// engine already redacts PASS; this is the second line of defence, for a
// server that echoes the password in a reply or an error message, so that
// the password never leaves the API in a stream or a stored report.
func scrub(v any, secret string) {
	if secret == "" {
		return
	}
	scrubValue(reflect.ValueOf(v), secret)
}

func scrubValue(v reflect.Value, secret string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			scrubValue(v.Elem(), secret)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				scrubValue(f, secret)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			scrubValue(v.Index(i), secret)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			scrubValue(e, secret)
			v.SetMapIndex(k, e)
		}
	case reflect.String:
		if v.CanSet() && strings.Contains(v.String(), secret) {
			v.SetString(strings.ReplaceAll(v.String(), secret, redacted))
		}
	}
}
