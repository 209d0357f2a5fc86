package main

import (
	"fmt"
	"strings"

	"github.com/deepnb/deepnb/gomlx_ext/optim"
)

const (
	// stepDecayFactor is what -schedule step multiplies the learning rate by after every epoch.
	stepDecayFactor = 0.5
	// cosineFloorFraction is where -schedule cosine ends, as a fraction of -lr.
	cosineFloorFraction = 0.01
)

// namedSchedule is one -schedule value: its name, help and how it is built from the run's shape.
type namedSchedule struct {
	name, help string
	build      func(stepsPerEpoch, epochs int, lr float64) optim.Schedule
}

var schedules = []namedSchedule{
	{"constant", "constant", func(int, int, float64) optim.Schedule { return optim.Constant() }},
	{"step", fmt.Sprintf("step (multiply by %g every epoch)", stepDecayFactor), func(stepsPerEpoch, _ int, _ float64) optim.Schedule {
		return optim.StepDecay(stepsPerEpoch, stepDecayFactor)
	}},
	{"cosine", fmt.Sprintf("cosine (to lr×%g over the run)", cosineFloorFraction), func(stepsPerEpoch, epochs int, lr float64) optim.Schedule {
		return optim.Cosine(epochs*stepsPerEpoch, lr*cosineFloorFraction)
	}},
}

func scheduleNames() []string {
	names := make([]string, len(schedules))
	for i, s := range schedules {
		names[i] = s.name
	}
	return names
}

func scheduleHelp() string {
	parts := make([]string, len(schedules))
	for i, s := range schedules {
		parts[i] = s.help
	}
	return strings.Join(parts, ", ")
}

// scheduleFor builds the schedule called name.
func scheduleFor(name string, stepsPerEpoch, epochs int, lr float64) (optim.Schedule, error) {
	for _, s := range schedules {
		if s.name == name {
			return s.build(stepsPerEpoch, epochs, lr), nil
		}
	}
	return optim.Schedule{}, fmt.Errorf("-schedule %q: want one of %s", name, strings.Join(scheduleNames(), ", "))
}
