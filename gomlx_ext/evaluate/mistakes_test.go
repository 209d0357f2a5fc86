package evaluate

import (
	"math"
	"testing"
)

// handPredictions are 4 examples of 3 classes with known logits.
func handPredictions() *Predictions {
	logits := []float32{
		2, 0, 0, // class 0, confident
		0, 0, 3, // class 2, very confident
		0, 1, 0, // class 1, unsure
		0, 0, 0.5, // class 2, barely
	}
	return &Predictions{Logits: logits, NumClasses: 3, Labels: []int32{0, 2, 1, 2}}
}

func TestProbabilities(t *testing.T) {
	p := handPredictions().Probabilities(0)
	e2 := math.Exp(2)
	want := []float64{e2 / (e2 + 2), 1 / (e2 + 2), 1 / (e2 + 2)}
	for c := range want {
		if math.Abs(p[c]-want[c]) > 1e-12 {
			t.Fatalf("softmax of (2, 0, 0) = %v, want %v", p, want)
		}
	}
	big := (&Predictions{Logits: []float32{1000, 0}, NumClasses: 2}).Probabilities(0)
	if big[0] != 1 || big[1] != 0 {
		t.Errorf("softmax of (1000, 0) = %v: the shift by the maximum must avoid overflow", big)
	}
}

func TestMistakesWorstFirst(t *testing.T) {
	p := handPredictions()
	labels := []int32{0, 1, 1, 0} // examples 1 and 3 are wrong
	mistakes, err := p.Mistakes(labels)
	if err != nil {
		t.Fatal(err)
	}
	if len(mistakes) != 2 || mistakes[0].Index != 1 || mistakes[1].Index != 3 {
		t.Fatalf("mistakes %+v, want examples 1 (confident) then 3 (unsure)", mistakes)
	}
	m := mistakes[0]
	e3 := math.Exp(3)
	if m.True != 1 || m.Predicted != 2 || math.Abs(m.Confidence-e3/(e3+2)) > 1e-12 || math.Abs(m.TrueProbability-1/(e3+2)) > 1e-12 {
		t.Errorf("worst mistake %+v", m)
	}
	if _, err := p.Mistakes(labels[:2]); err == nil {
		t.Error("mistakes with 2 labels for 4 predictions: want an error")
	}
	if _, err := p.Mistakes([]int32{0, 7, 1, 2}); err == nil {
		t.Error("mistakes with label 7 of 3 classes: want an error")
	}

	report, err := p.Report(labels, []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	if report.Accuracy != 0.5 || report.Confusion[1][2] != 1 || report.Classes[2].Name != "c" {
		t.Errorf("report %+v", report)
	}
}

func TestMaxAbsDiff(t *testing.T) {
	p, q := handPredictions(), handPredictions()
	if d, err := p.MaxAbsDiff(q); err != nil || d != 0 {
		t.Errorf("identical predictions differ by %g, %v", d, err)
	}
	q.Logits[5] += 0.25
	if d, _ := p.MaxAbsDiff(q); d != 0.25 {
		t.Errorf("difference %g, want 0.25", d)
	}
}
