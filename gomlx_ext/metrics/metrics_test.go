package metrics

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

const eps = 1e-12

func near(a, b float64) bool { return math.Abs(a-b) < eps }

// The running example, 3 classes, 10 examples:
//
//	yTrue: 0 0 0 0 1 1 1 2 2 2
//	yPred: 0 0 1 2 1 1 0 2 2 2
//
// Confusion counts[true][pred]:
//
//	true 0: 2 1 1   support 4
//	true 1: 1 2 0   support 3
//	true 2: 0 0 3   support 3
//	predicted: 3 3 4 (column sums)
//
// Class 0: TP=2, P=2/3, R=2/4=1/2, F1=2·(2/3)(1/2)/(2/3+1/2)=(2/3)/(7/6)=4/7
// Class 1: TP=2, P=2/3, R=2/3,     F1=2/3
// Class 2: TP=3, P=3/4, R=3/3=1,   F1=2·(3/4)/(7/4)=6/7
// Accuracy = (2+2+3)/10 = 7/10
// Macro P  = (2/3+2/3+3/4)/3 = (8+8+9)/12/3 = 25/36
// Macro R  = (1/2+2/3+1)/3   = (3+4+6)/6/3  = 13/18
// Macro F1 = (4/7+2/3+6/7)/3 = (12+14+18)/21/3 = 44/63
var (
	exTrue = []int32{0, 0, 0, 0, 1, 1, 1, 2, 2, 2}
	exPred = []int32{0, 0, 1, 2, 1, 1, 0, 2, 2, 2}
)

func TestAccuracy(t *testing.T) {
	tests := []struct {
		name         string
		yTrue, yPred []int32
		want         float64
	}{
		{"running example", exTrue, exPred, 7.0 / 10},
		{"all right", []int32{1, 0, 1}, []int32{1, 0, 1}, 1},
		{"all wrong", []int32{1, 0}, []int32{0, 1}, 0},
		{"one of four", []int32{2, 2, 2, 2}, []int32{2, 0, 1, 0}, 1.0 / 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Accuracy(tt.yTrue, tt.yPred, 3)
			if err != nil {
				t.Fatal(err)
			}
			if !near(got, tt.want) {
				t.Errorf("Accuracy = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConfusionMatrix(t *testing.T) {
	got, err := ConfusionMatrix(exTrue, exPred, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{2, 1, 1}, {1, 2, 0}, {0, 0, 3}}
	for r := range want {
		for c := range want[r] {
			if got[r][c] != want[r][c] {
				t.Fatalf("ConfusionMatrix = %v, want %v", got, want)
			}
		}
	}
	// A fourth class that never occurs gives a zero row and column.
	got4, err := ConfusionMatrix(exTrue, exPred, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(got4) != 4 || len(got4[3]) != 4 || got4[3][3] != 0 || got4[0][3] != 0 {
		t.Errorf("4-class matrix %v, want zero row and column 3", got4)
	}
}

func TestLabelErrors(t *testing.T) {
	tests := []struct {
		name         string
		yTrue, yPred []int32
		numClasses   int
		want         string
	}{
		{"length mismatch", []int32{0, 1}, []int32{0}, 2, "yTrue has 2 labels but yPred has 1"},
		{"empty", nil, []int32{}, 2, "no labels"},
		{"true too big", []int32{0, 2}, []int32{0, 1}, 2, "yTrue[1]=2 is outside [0, 2)"},
		{"pred negative", []int32{0, 1}, []int32{0, -1}, 2, "yPred[1]=-1 is outside [0, 2)"},
		{"no classes", []int32{0}, []int32{0}, 0, "numClasses=0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checks := map[string]error{}
			_, checks["Accuracy"] = Accuracy(tt.yTrue, tt.yPred, tt.numClasses)
			_, checks["ConfusionMatrix"] = ConfusionMatrix(tt.yTrue, tt.yPred, tt.numClasses)
			_, checks["PerClass"] = PerClass(tt.yTrue, tt.yPred, tt.numClasses)
			_, checks["NewReport"] = NewReport(tt.yTrue, tt.yPred, tt.numClasses, nil)
			for fn, err := range checks {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s: error %v, want one containing %q", fn, err, tt.want)
				}
			}
		})
	}
}

func TestPerClass(t *testing.T) {
	type prf struct {
		p, r, f1    float64
		support, np int
	}
	tests := []struct {
		name         string
		yTrue, yPred []int32
		numClasses   int
		want         []prf
		macro        Averages
	}{
		{
			name: "running example", yTrue: exTrue, yPred: exPred, numClasses: 3,
			want:  []prf{{2.0 / 3, 0.5, 4.0 / 7, 4, 3}, {2.0 / 3, 2.0 / 3, 2.0 / 3, 3, 3}, {0.75, 1, 6.0 / 7, 3, 4}},
			macro: Averages{Precision: 25.0 / 36, Recall: 13.0 / 18, F1: 44.0 / 63, Classes: 3},
		},
		{
			// Class 3 never occurs and is never predicted: zeros, and it is
			// left out of the macro average, which is unchanged.
			name: "absent class", yTrue: exTrue, yPred: exPred, numClasses: 4,
			want:  []prf{{2.0 / 3, 0.5, 4.0 / 7, 4, 3}, {2.0 / 3, 2.0 / 3, 2.0 / 3, 3, 3}, {0.75, 1, 6.0 / 7, 3, 4}, {0, 0, 0, 0, 0}},
			macro: Averages{Precision: 25.0 / 36, Recall: 13.0 / 18, F1: 44.0 / 63, Classes: 3},
		},
		{
			// yTrue 0 1 1, yPred 0 0 0. Class 1 is never predicted: P=0
			// (not 0/0), R=0/2=0, F1=0. Class 0: TP=1, P=1/3, R=1/1,
			// F1=2·(1/3)/(4/3)=1/2. Macro over both: P=1/6, R=1/2, F1=1/4.
			name: "never predicted", yTrue: []int32{0, 1, 1}, yPred: []int32{0, 0, 0}, numClasses: 2,
			want:  []prf{{1.0 / 3, 1, 0.5, 1, 3}, {0, 0, 0, 2, 0}},
			macro: Averages{Precision: 1.0 / 6, Recall: 0.5, F1: 0.25, Classes: 2},
		},
		{
			// yTrue 0 0, yPred 0 1. Class 1 never occurs: R=0 (not 0/0),
			// P=0/1=0, F1=0, but it was predicted so it counts in the macro
			// average. Class 0: P=1/1, R=1/2, F1=2·(1/2)/(3/2)=2/3.
			// Macro: P=(1+0)/2, R=(1/2+0)/2, F1=(2/3+0)/2.
			name: "never present", yTrue: []int32{0, 0}, yPred: []int32{0, 1}, numClasses: 2,
			want:  []prf{{1, 0.5, 2.0 / 3, 2, 1}, {0, 0, 0, 0, 1}},
			macro: Averages{Precision: 0.5, Recall: 0.25, F1: 1.0 / 3, Classes: 2},
		},
		{
			name: "perfect", yTrue: []int32{2, 0, 1, 2}, yPred: []int32{2, 0, 1, 2}, numClasses: 3,
			want:  []prf{{1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}, {1, 1, 1, 2, 2}},
			macro: Averages{Precision: 1, Recall: 1, F1: 1, Classes: 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PerClass(tt.yTrue, tt.yPred, tt.numClasses)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("%d classes, want %d", len(got), len(tt.want))
			}
			for c, w := range tt.want {
				g := got[c]
				if g.Class != c || !near(g.Precision, w.p) || !near(g.Recall, w.r) || !near(g.F1, w.f1) || g.Support != w.support || g.Predicted != w.np {
					t.Errorf("class %d: got %+v, want P=%v R=%v F1=%v support=%d predicted=%d", c, g, w.p, w.r, w.f1, w.support, w.np)
				}
			}
			m := MacroAverage(got)
			if !near(m.Precision, tt.macro.Precision) || !near(m.Recall, tt.macro.Recall) || !near(m.F1, tt.macro.F1) || m.Classes != tt.macro.Classes {
				t.Errorf("macro %+v, want %+v", m, tt.macro)
			}
		})
	}
}

func TestPerClassFromConfusionErrors(t *testing.T) {
	tests := []struct {
		name   string
		counts [][]int
		want   string
	}{
		{"empty", nil, "empty"},
		{"ragged", [][]int{{1, 2}, {3}}, "row 1 has 1 columns"},
		{"negative", [][]int{{1, 0}, {-1, 2}}, "negative count -1 at [true 1][pred 0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PerClassFromConfusion(tt.counts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if m := MacroAverage(nil); m != (Averages{}) {
		t.Errorf("MacroAverage(nil) = %+v, want zeros", m)
	}
}

func TestReport(t *testing.T) {
	r, err := NewReport(exTrue, exPred, 3, []string{"cat", "dog", "bird"})
	if err != nil {
		t.Fatal(err)
	}
	if r.NumExamples != 10 || !near(r.Accuracy, 0.7) || r.Classes[2].Name != "bird" || r.Confusion[0][2] != 1 {
		t.Errorf("report %+v", r)
	}
	// 25/36 = 0.69444…, 13/18 = 0.72222…, 44/63 = 0.69841…
	want := "" +
		"class         precision  recall      f1  support\n" +
		"cat              0.6667  0.5000  0.5714        4\n" +
		"dog              0.6667  0.6667  0.6667        3\n" +
		"bird             0.7500  1.0000  0.8571        3\n" +
		"macro avg        0.6944  0.7222  0.6984       10\n" +
		"weighted avg     0.6917  0.7000  0.6857       10\n" +
		"accuracy                         0.7000       10  95% CI [0.3968, 0.8922]\n"
	if got := r.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}

	data, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	for _, key := range []string{`"num_examples":10`, `"accuracy":0.7`, `"macro_avg":{`, `"classes":[`, `"name":"cat"`, `"support":4`, `"confusion":[[2,1,1],[1,2,0],[0,0,3]]`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("JSON %s lacks %s", data, key)
		}
	}
	var back Report
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("json.Unmarshal: %v", err)
	}
	if back.String() != r.String() {
		t.Errorf("JSON round trip changed the report:\n%s", back.String())
	}

	// Default names are the class indices; names must match numClasses.
	r2, err := NewReport(exTrue, exPred, 3, nil)
	if err != nil || r2.Classes[1].Name != "1" {
		t.Errorf("default names: %v, %v", r2, err)
	}
	if _, err := NewReport(exTrue, exPred, 3, []string{"a"}); err == nil || !strings.Contains(err.Error(), "1 class names for 3 classes") {
		t.Errorf("wrong name count: error %v", err)
	}
	var nilReport *Report
	if nilReport.String() != "<nil report>" {
		t.Errorf("nil report String() = %q", nilReport.String())
	}
}

// An absent class still gets a row (zeros, no NaN) and JSON marshalling,
// which fails on NaN, succeeds.
func TestReportAbsentClassHasNoNaN(t *testing.T) {
	r, err := NewReport([]int32{0, 0}, []int32{0, 0}, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Classes[1:] {
		if c.Precision != 0 || c.Recall != 0 || c.F1 != 0 {
			t.Errorf("absent class %+v, want zeros", c)
		}
	}
	if r.Macro.Classes != 1 || r.Macro.F1 != 1 {
		t.Errorf("macro %+v, want F1 1 over 1 class", r.Macro)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("json.Marshal: %v", err)
	}
	if strings.Contains(r.String(), "NaN") {
		t.Errorf("table contains NaN:\n%s", r)
	}
}

func TestArgMax(t *testing.T) {
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	tests := []struct {
		name       string
		logits     []float32
		numClasses int
		want       []int32 // nil: invalid shape
	}{
		{"two rows", []float32{0.1, 2, -1, 3, 0, 2.9}, 3, []int32{1, 0}},
		{"tie goes to lowest index", []float32{1, 5, 5}, 3, []int32{1}},
		{"negative logits", []float32{-3, -1, -2}, 3, []int32{1}},
		{"NaN skipped", []float32{nan, 0.2, 0.1}, 3, []int32{1}},
		{"all NaN", []float32{nan, nan}, 2, []int32{0}},
		{"+Inf wins", []float32{1e30, inf}, 2, []int32{1}},
		{"all -Inf", []float32{-inf, -inf}, 2, []int32{0}},
		{"one class", []float32{0.3, -2}, 1, []int32{0, 0}},
		{"empty", []float32{}, 4, []int32{}},
		{"ragged", []float32{1, 2, 3}, 2, nil},
		{"no classes", []float32{1}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ArgMax(tt.logits, tt.numClasses)
			if (got == nil) != (tt.want == nil) || len(got) != len(tt.want) {
				t.Fatalf("ArgMax = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("ArgMax = %v, want %v", got, tt.want)
				}
			}
		})
	}
	// An invalid shape surfaces as a length error when scored.
	_, err := Accuracy([]int32{0, 1}, ArgMax([]float32{1, 2, 3}, 2), 2)
	if err == nil || !strings.Contains(err.Error(), "yPred has 0") {
		t.Errorf("scoring a nil ArgMax: error %v", err)
	}
}
