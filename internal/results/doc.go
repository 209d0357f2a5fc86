// Package results turns the artifacts of a notebook run into DeepNB's reproduction table:
// notebook | claim | value | target | verdict | backend | wall time, as Markdown and JSON.
//
// It reads what the notebook harness (package tests) leaves in build/executed for each
// notebook: NAME.log (verdict, wall time, problems) and NAME.ipynb (the executed copy, whose
// claim lines are re-read with [nbscan.Scan] and whose "backend: ..." line, printed by
// gomlx_ext/backend.Describe, says where the notebook really ran). It runs nothing itself.
//
// It is not used by the notebooks: cmd/reproduce (`make reproduce`) calls it after running
// them, inside the Docker image or anywhere else.
package results
