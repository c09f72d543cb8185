package diagnosis

import "testing"

func TestRangeScanUntested(t *testing.T) {
	tests := []struct {
		scan RangeScan
		want int
	}{
		{RangeScan{Min: 30000, Max: 30019, Answering: []PortSpan{{30000, 30009}}, Silent: []PortSpan{{30010, 30019}}}, 0},
		{RangeScan{Min: 30000, Max: 30019, Answering: []PortSpan{{30000, 30004}}}, 15},
		{RangeScan{Min: 30000, Max: 30000}, 1},
	}
	for _, tt := range tests {
		if got := tt.scan.Untested(); got != tt.want {
			t.Errorf("%+v: untested %d, want %d", tt.scan, got, tt.want)
		}
	}
}
