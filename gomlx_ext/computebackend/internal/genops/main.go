// Command genops writes computebackend's forwarding methods: one per method of GoMLX's
// backends.Builder that has a method of the same name on compute.Function and is not written by
// hand. It reads both interfaces with reflect, converts each parameter and result by its pair of
// types (see conversions), and stops with an error on a pair it does not know, so a GoMLX or
// compute upgrade that changes a signature fails `go generate` (and TestOpsGenIsCurrent) instead
// of building a silent mismatch. `go generate ./gomlx_ext/computebackend/` reruns it.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	"os"
	"reflect"
	"strings"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/backends"
)

// handWritten are the Builder methods written in builder.go: they have no compute.Function
// counterpart of the same signature (Compile, Dot, DotGeneral, RNGBitGenerator, Parameter's
// sharding), belong to compute.Builder rather than compute.Function, or differ in semantics
// (Max and Min, whose NaN handling nan.go restores).
var handWritten = map[string]bool{
	"Compile": true, "Name": true, "OpShape": true, "Parameter": true,
	"DistributedSPMD": true, "DistributedAutoSharding": true, "DeviceAssignment": true,
	"Dot": true, "DotGeneral": true, "RNGBitGenerator": true,
	"Max": true, "Min": true, // NaN propagation: see nan.go.
}

// conversion turns an expression of GoMLX's type into compute's (params) or back (results).
type conversion struct{ toCompute, fromCompute string }

// conversions, keyed by "GoMLX type => compute type" (full package paths). %s is the expression.
var conversions = map[string]conversion{
	"github.com/gomlx/gomlx/backends.Op => github.com/gomlx/compute.Value":                              {"compute.Value(%s)", "backends.Op(%s)"},
	"[]github.com/gomlx/gomlx/backends.Op => []github.com/gomlx/compute.Value":                          {"toValues(%s)", "toOps(%s)"},
	"github.com/gomlx/gomlx/pkg/core/shapes.Shape => github.com/gomlx/compute/shapes.Shape":             {"toComputeShape(%s)", "fromComputeShape(%s)"},
	"github.com/gomlx/gomlx/pkg/core/dtypes.DType => github.com/gomlx/compute/dtypes.DType":             {"cdtypes.DType(%s)", "dtypes.DType(%s)"},
	"github.com/gomlx/gomlx/backends.ReduceOpType => github.com/gomlx/compute.ReduceOpType":             {"compute.ReduceOpType(%s)", ""},
	"github.com/gomlx/gomlx/backends.FFTType => github.com/gomlx/compute.FFTType":                       {"compute.FFTType(%s)", ""},
	"github.com/gomlx/gomlx/backends.ConvolveAxesConfig => github.com/gomlx/compute.ConvolveAxesConfig": {"compute.ConvolveAxesConfig(%s)", ""},
	"[]github.com/gomlx/gomlx/backends.PadAxis => []github.com/gomlx/compute.PadAxis":                   {"toPadAxes(%s)", ""},
}

func typeKey(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice:
		return "[]" + typeKey(t.Elem())
	case reflect.Pointer:
		return "*" + typeKey(t.Elem())
	}
	if t.PkgPath() == "" {
		return t.String()
	}
	return t.PkgPath() + "." + t.Name()
}

// convert returns the expression that turns expr of GoMLX's type from into compute's type to
// (toCompute) or expr of type to back into from.
func convert(method string, from, to reflect.Type, expr string, toCompute bool) string {
	if from == to {
		return expr
	}
	key := typeKey(from) + " => " + typeKey(to) // always GoMLX's type => compute's
	c, ok := conversions[key]
	tmpl := c.fromCompute
	if toCompute {
		tmpl = c.toCompute
	}
	if !ok || tmpl == "" {
		log.Fatalf("%s: no conversion from %s to %s; add one to genops' conversions or write the method by hand",
			method, from, to)
	}
	return fmt.Sprintf(tmpl, expr)
}

func main() {
	out := "ops_gen.go"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	builder := reflect.TypeFor[backends.Builder]()
	function := reflect.TypeFor[compute.Function]()
	errType := reflect.TypeFor[error]()
	var body bytes.Buffer
	for i := range builder.NumMethod() {
		m := builder.Method(i)
		if handWritten[m.Name] {
			continue
		}
		fm, ok := function.MethodByName(m.Name)
		if !ok {
			log.Fatalf("%s: compute.Function has no such method; write it by hand in builder.go", m.Name)
		}
		t, ft := m.Type, fm.Type
		if t.NumIn() != ft.NumIn() || t.NumOut() != ft.NumOut() || t.IsVariadic() != ft.IsVariadic() {
			log.Fatalf("%s: GoMLX's %s and compute's %s differ in arity; write it by hand", m.Name, t, ft)
		}
		var params, args []string
		for j := range t.NumIn() {
			name := fmt.Sprintf("a%d", j)
			typ := t.In(j).String()
			arg := convert(m.Name, t.In(j), ft.In(j), name, true)
			if t.IsVariadic() && j == t.NumIn()-1 {
				typ = "..." + t.In(j).Elem().String()
				arg += "..."
			}
			params = append(params, name+" "+typ)
			args = append(args, arg)
		}
		var results, names, converted []string
		for j := range t.NumOut() {
			r := t.Out(j)
			results = append(results, r.String())
			if r == errType {
				if j != t.NumOut()-1 || ft.Out(j) != errType {
					log.Fatalf("%s: error is not the last result of both", m.Name)
				}
				continue
			}
			name := fmt.Sprintf("r%d", j)
			names = append(names, name)
			converted = append(converted, convert(m.Name, r, ft.Out(j), name, false))
		}
		if len(results) == 0 || t.Out(t.NumOut()-1) != errType {
			log.Fatalf("%s: last result is not an error", m.Name)
		}
		fmt.Fprintf(&body, "\n// %s forwards to compute.Function.%s.\n", m.Name, m.Name)
		fmt.Fprintf(&body, "func (b *Builder) %s(%s) (%s) {\n", m.Name, strings.Join(params, ", "), strings.Join(results, ", "))
		fmt.Fprintf(&body, "\t%s := b.fn.%s(%s)\n", strings.Join(append(names, "err"), ", "), m.Name, strings.Join(args, ", "))
		fmt.Fprintf(&body, "\tif err != nil {\n\t\treturn %s\n\t}\n", strings.Join(append(zeros(t, errType), "b.opError(\""+m.Name+"\", err)"), ", "))
		fmt.Fprintf(&body, "\treturn %s\n}\n", strings.Join(append(converted, "nil"), ", "))
	}
	var src bytes.Buffer
	src.WriteString("// Code generated by genops from backends.Builder and compute.Function; DO NOT EDIT.\n\n")
	src.WriteString("package computebackend\n\nimport (\n")
	for _, p := range []string{"github.com/gomlx/compute", "github.com/gomlx/gomlx/backends",
		"github.com/gomlx/gomlx/pkg/core/dtypes", "github.com/gomlx/gomlx/pkg/core/shapes"} {
		fmt.Fprintf(&src, "\t%q\n", p)
	}
	src.WriteString("\tcdtypes \"github.com/gomlx/compute/dtypes\"\n)\n")
	src.WriteString("\n// The generated code may not use every import.\nvar (\n\t_ = cdtypes.Float32\n\t_ = dtypes.Float32\n\t_ shapes.Shape\n)\n")
	src.Write(body.Bytes())
	formatted, err := format.Source(src.Bytes())
	if err != nil {
		log.Fatalf("gofmt of the generated code: %v\n%s", err, src.Bytes())
	}
	if err := os.WriteFile(out, formatted, 0o644); err != nil {
		log.Fatal(err)
	}
}

// zeros are the zero values of t's non-error results.
func zeros(t reflect.Type, errType reflect.Type) []string {
	var z []string
	for j := range t.NumOut() {
		r := t.Out(j)
		switch {
		case r == errType:
		case r.Kind() == reflect.Struct:
			z = append(z, r.String()+"{}")
		default:
			z = append(z, "nil")
		}
	}
	return z
}
