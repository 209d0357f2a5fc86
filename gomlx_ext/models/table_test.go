package models

import (
	"strings"
	"testing"
)

func TestTableByName(t *testing.T) {
	for _, name := range Names() {
		if fn, err := ByName(name); err != nil || fn == nil {
			t.Errorf("ByName(%q) = %v, %v", name, fn, err)
		}
	}
	if _, err := ByName("resnet"); err == nil || !strings.Contains(err.Error(), "cnn, mlp, fashion-cnn, small-cnn") {
		t.Errorf("unknown model: error %v, want one listing the names", err)
	}
}
