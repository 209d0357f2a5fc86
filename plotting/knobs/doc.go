// Package knobs puts controls a learner can turn — sliders, drop-down selects and buttons — above a
// figure in a GoNB notebook cell, and redraws that figure in place each time one is moved.
//
// It is a thin layer over GoNB's own widgets (github.com/janpfeifer/gonb/gonbui/widgets) that adds
// what a notebook run by CI needs and GoNB leaves out:
//
//   - a bounded wait: a GoNB widget's Done blocks until a browser answers, so a notebook executed
//     headless (make test, nbconvert) would hang forever. A Panel draws its default figure first,
//     then waits at most Panel.FirstContact for the front end; when none answers it returns, and
//     the cell's output holds the default figure, which the cell's claims check. The line under
//     the controls says from the start what to do if they never answer: run the cell again;
//   - a bounded listening loop: with a browser, the panel serves changes until no knob has moved
//     for Panel.Idle, then says so under the controls and returns, so a cell never keeps the kernel
//     busy for ever;
//   - the newest value only: values that arrive during a slow redraw collapse into one, and once
//     the knobs rest Run asks the browser for their current values, because GoNB may deliver two
//     values sent close together in either order;
//   - LogScale, which maps a slider's integer positions (GoNB's sliders have integer values only)
//     onto a logarithmic range of a real parameter such as a learning rate.
//
// Every redraw is timed: Report says how many redraws a session served and the slowest one, so a
// notebook can print how quickly its knob answers.
//
// Hold one panel per cell: GoNB v0.11.4's comms can stall for the rest of a cell's program when a
// click reaches a button whose listener Run has already released, which would keep a second panel
// of the same cell from connecting.
//
// Introduced in notebooks/04_gradient_descent.ipynb (the learning-rate slider); also used by
// notebooks/07_momentum.ipynb, notebooks/08_initialisation.ipynb and
// notebooks/09_convolution.ipynb.
package knobs
