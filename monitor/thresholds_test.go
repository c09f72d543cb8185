package monitor

import "testing"

func TestParseRange(t *testing.T) {
	tests := []struct {
		in           string
		alert, quiet []float64
	}{
		{"10", []float64{-1, 10.5}, []float64{0, 5, 10}},
		{"10:", []float64{9.9, -3}, []float64{10, 1e9}},
		{"~:10", []float64{10.1}, []float64{-1e9, 10}},
		{"10:20", []float64{9, 21}, []float64{10, 15, 20}},
		{"@10:20", []float64{10, 15, 20}, []float64{9, 21}},
		{"0.5", []float64{0.6}, []float64{0.25}},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		for _, v := range tt.alert {
			if !r.Alert(v) {
				t.Errorf("%q: %v should alert", tt.in, v)
			}
		}
		for _, v := range tt.quiet {
			if r.Alert(v) {
				t.Errorf("%q: %v should not alert", tt.in, v)
			}
		}
		if r.String() != tt.in {
			t.Errorf("%q prints as %q", tt.in, r.String())
		}
	}
	for _, bad := range []string{"", "@", "x", "5:3", ":5", "1:2:3", "NaN", "~:x", "inf"} {
		if _, err := ParseRange(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestWorstPluginOrder(t *testing.T) {
	tests := []struct{ a, b, want State }{
		{StateOK, StateUnknown, StateUnknown},
		{StateUnknown, StateWarning, StateWarning},
		{StateWarning, StateCritical, StateCritical},
		{StateCritical, StateUnknown, StateCritical},
		{StateWarning, StateOK, StateWarning},
	}
	for _, tt := range tests {
		if got := Worst(tt.a, tt.b); got != tt.want {
			t.Errorf("Worst(%s, %s) = %s, want %s", tt.a, tt.b, got, tt.want)
		}
		if got := Worst(tt.b, tt.a); got != tt.want {
			t.Errorf("Worst(%s, %s) = %s, want %s", tt.b, tt.a, got, tt.want)
		}
	}
}
