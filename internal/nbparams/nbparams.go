// Package nbparams runs a notebook with other settings, as papermill does for Python: the
// notebook's settings live in one code cell tagged "parameters" (plain Go const or var
// declarations with literal values); [Inject] adds a cell right after it, tagged
// "injected-parameters", that declares the same names again with some values replaced. GoNB
// keeps the latest declaration of each name, so every later cell sees the new values.
//
// Every problem is found before anything runs: a notebook without a parameters cell, a name
// the cell does not declare, a value of the wrong type.
package nbparams

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Tag marks the parameters cell; InjectedTag the cell Inject adds.
const (
	Tag         = "parameters"
	InjectedTag = "injected-parameters"
)

// Kind is a parameter's type, read from its declaration.
type Kind string

const (
	Int    Kind = "integer"
	Float  Kind = "number"
	String Kind = "string"
	Bool   Kind = "bool"
)

// Param is one name the parameters cell declares.
type Param struct {
	Name string
	Kind Kind
	// Value is the literal as written in the cell.
	Value string
	// Type is the declared type ("" for an untyped constant); Token is "const" or "var".
	Type, Token string
}

// Params are the parameters cell's declarations, in the cell's order.
type Params struct {
	// Cell is the parameters cell's index among all cells.
	Cell int
	List []Param
	// groups keep the cell's declaration blocks, so the injected cell has the same shape.
	groups [][]int
}

// Lookup returns the parameter called name.
func (p *Params) Lookup(name string) (Param, bool) {
	for _, q := range p.List {
		if q.Name == name {
			return q, true
		}
	}
	return Param{}, false
}

// Names lists the parameters' names, in order.
func (p *Params) Names() []string {
	names := make([]string, len(p.List))
	for i, q := range p.List {
		names[i] = q.Name
	}
	return names
}

// rawNotebook keeps every field of the notebook, so Inject changes only what it must.
type rawNotebook map[string]json.RawMessage

type rawCell struct {
	CellType string          `json:"cell_type"`
	Metadata json.RawMessage `json:"metadata"`
	Source   json.RawMessage `json:"source"`
}

func (c rawCell) tags() []string {
	var md struct {
		Tags []string `json:"tags"`
	}
	_ = json.Unmarshal(c.Metadata, &md) // no or odd metadata: no tags
	return md.Tags
}

func (c rawCell) source() (string, error) {
	var s string
	if err := json.Unmarshal(c.Source, &s); err == nil {
		return s, nil
	}
	var parts []string
	if err := json.Unmarshal(c.Source, &parts); err != nil {
		return "", fmt.Errorf("cell source is neither a string nor a list of strings")
	}
	return strings.Join(parts, ""), nil
}

func cellsOf(ipynb []byte) (rawNotebook, []json.RawMessage, error) {
	var nb rawNotebook
	if err := json.Unmarshal(ipynb, &nb); err != nil {
		return nil, nil, fmt.Errorf("not a notebook: %w", err)
	}
	var cells []json.RawMessage
	if err := json.Unmarshal(nb["cells"], &cells); err != nil {
		return nil, nil, fmt.Errorf("not a notebook: no cells list")
	}
	return nb, cells, nil
}

// Find reads the parameters cell of a notebook (.ipynb bytes).
func Find(ipynb []byte) (*Params, error) {
	_, cells, err := cellsOf(ipynb)
	if err != nil {
		return nil, err
	}
	found := -1
	for i, raw := range cells {
		var c rawCell
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, fmt.Errorf("cell %d: %w", i, err)
		}
		if c.CellType == "code" && slices.Contains(c.tags(), Tag) {
			if found >= 0 {
				return nil, fmt.Errorf("cells %d and %d are both tagged %s; want one", found, i, Tag)
			}
			found = i
		}
	}
	if found < 0 {
		return nil, fmt.Errorf("no code cell is tagged %s", Tag)
	}
	var c rawCell
	_ = json.Unmarshal(cells[found], &c) // decoded above
	src, err := c.source()
	if err != nil {
		return nil, fmt.Errorf("parameters cell %d: %w", found, err)
	}
	p, err := parseCell(src)
	if err != nil {
		return nil, fmt.Errorf("parameters cell %d: %w", found, err)
	}
	p.Cell = found
	return p, nil
}

// parseCell reads Go const and var declarations with literal values.
func parseCell(src string) (*Params, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "parameters", "package p\n"+src, 0)
	if err != nil {
		return nil, fmt.Errorf("not plain Go declarations: %v", err)
	}
	p := &Params{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || (g.Tok != token.CONST && g.Tok != token.VAR) {
			return nil, fmt.Errorf("holds more than const and var declarations (move the rest to another cell)")
		}
		var group []int
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Values) != len(vs.Names) {
				return nil, fmt.Errorf("%s: each name needs its own value", vs.Names[0].Name)
			}
			typ := ""
			if vs.Type != nil {
				id, ok := vs.Type.(*ast.Ident)
				if !ok {
					return nil, fmt.Errorf("%s: type must be a plain name such as int or float64", vs.Names[0].Name)
				}
				typ = id.Name
			}
			for i, name := range vs.Names {
				kind, text, err := literal(vs.Values[i], typ)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", name.Name, err)
				}
				if _, dup := p.Lookup(name.Name); dup {
					return nil, fmt.Errorf("%s is declared twice", name.Name)
				}
				group = append(group, len(p.List))
				p.List = append(p.List, Param{Name: name.Name, Kind: kind, Value: text, Type: typ, Token: g.Tok.String()})
			}
		}
		p.groups = append(p.groups, group)
	}
	if len(p.List) == 0 {
		return nil, errors.New("declares nothing")
	}
	return p, nil
}

func literal(e ast.Expr, typ string) (Kind, string, error) {
	neg := ""
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		neg, e = "-", u.X
	}
	var kind Kind
	var text string
	switch v := e.(type) {
	case *ast.BasicLit:
		text = v.Value
		switch v.Kind {
		case token.INT:
			kind = Int
		case token.FLOAT:
			kind = Float
		case token.STRING:
			kind = String
		default:
			return "", "", fmt.Errorf("value %s is not an integer, number, string or bool literal", v.Value)
		}
	case *ast.Ident:
		if v.Name != "true" && v.Name != "false" {
			return "", "", fmt.Errorf("value %s is not a literal", v.Name)
		}
		kind, text = Bool, v.Name
	default:
		return "", "", errors.New("value is not a literal (a parameter must be a plain value)")
	}
	if neg != "" && kind != Int && kind != Float {
		return "", "", fmt.Errorf("value -%s is not a number", text)
	}
	switch typ {
	case "":
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		if kind != Int {
			return "", "", fmt.Errorf("%s value %s is not an integer", typ, text)
		}
	case "float32", "float64":
		if kind != Int && kind != Float {
			return "", "", fmt.Errorf("%s value %s is not a number", typ, text)
		}
		kind = Float
	case "string":
		if kind != String {
			return "", "", fmt.Errorf("string value %s is not a string", text)
		}
	case "bool":
		if kind != Bool {
			return "", "", fmt.Errorf("bool value %s is not true or false", text)
		}
	default:
		return "", "", fmt.Errorf("type %s: want a number, string or bool type", typ)
	}
	return kind, neg + text, nil
}

// Parse reads a SET string: NAME=VALUE pairs separated by spaces ("Epochs=3 BatchSize=64"),
// checked against p: each name must be a parameter, given once, with a value of its kind. It
// returns the Go literal for each name.
func (p *Params) Parse(set string) (map[string]string, error) {
	out := map[string]string{}
	for _, field := range strings.Fields(set) {
		name, value, ok := strings.Cut(field, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("SET %q: want NAME=VALUE", field)
		}
		q, ok := p.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("SET %s: no parameter %s (the parameters cell has %s)", field, name, strings.Join(p.Names(), ", "))
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("SET %s: %s is given twice", field, name)
		}
		lit, err := goLiteral(q, value)
		if err != nil {
			return nil, fmt.Errorf("SET %s: %w", field, err)
		}
		out[name] = lit
	}
	return out, nil
}

func goLiteral(q Param, value string) (string, error) {
	typeName := string(q.Kind)
	if q.Type != "" {
		typeName = q.Type
	}
	article := "a"
	if strings.HasPrefix(typeName, "int") { // "an integer", "an int64"; "a uint64"
		article = "an"
	}
	bad := fmt.Errorf("%s is %s %s (%s = %s in the parameters cell); %q is not one", q.Name, article, typeName, q.Name, q.Value, value)
	switch q.Kind {
	case Int:
		bits := 64
		if strings.HasPrefix(q.Type, "uint") {
			u, err := strconv.ParseUint(value, 10, bits)
			if err != nil {
				return "", bad
			}
			return strconv.FormatUint(u, 10), nil
		}
		i, err := strconv.ParseInt(value, 10, bits)
		if err != nil {
			return "", bad
		}
		return strconv.FormatInt(i, 10), nil
	case Float:
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return "", bad
		}
		s := strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0" // stays a floating-point constant
		}
		return s, nil
	case Bool:
		b, err := strconv.ParseBool(value)
		if err != nil {
			return "", bad
		}
		return strconv.FormatBool(b), nil
	default:
		return strconv.Quote(value), nil
	}
}

// Values returns every parameter's value after set (from Parse), as Go literals.
func (p *Params) Values(set map[string]string) map[string]string {
	out := make(map[string]string, len(p.List))
	for _, q := range p.List {
		out[q.Name] = q.Value
		if v, ok := set[q.Name]; ok {
			out[q.Name] = v
		}
	}
	return out
}

// Source is the injected cell's Go source: every declaration of the parameters cell again, in
// the same blocks, with the values in set.
func (p *Params) Source(set map[string]string, note string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "// %s\n", note)
	values := p.Values(set)
	for _, g := range p.groups {
		tok := p.List[g[0]].Token
		fmt.Fprintf(&b, "%s (\n", tok)
		for _, i := range g {
			q := p.List[i]
			if q.Type != "" {
				fmt.Fprintf(&b, "\t%s %s = %s\n", q.Name, q.Type, values[q.Name])
			} else {
				fmt.Fprintf(&b, "\t%s = %s\n", q.Name, values[q.Name])
			}
		}
		b.WriteString(")\n")
	}
	return b.String()
}

// Inject returns the notebook with a code cell tagged InjectedTag right after the parameters
// cell, holding src (from Source). Every other byte of every other cell is kept.
func Inject(ipynb []byte, p *Params, src string) ([]byte, error) {
	nb, cells, err := cellsOf(ipynb)
	if err != nil {
		return nil, err
	}
	if p.Cell < 0 || p.Cell >= len(cells) {
		return nil, fmt.Errorf("parameters cell %d: the notebook has %d cells", p.Cell, len(cells))
	}
	lines := strings.SplitAfter(strings.TrimSuffix(src, "\n"), "\n")
	cell := map[string]any{
		"cell_type":       "code",
		"execution_count": nil,
		"id":              InjectedTag,
		"metadata":        map[string]any{"tags": []string{InjectedTag}},
		"outputs":         []any{},
		"source":          lines,
	}
	raw, err := json.Marshal(cell)
	if err != nil {
		return nil, err
	}
	cells = slices.Insert(cells, p.Cell+1, json.RawMessage(raw))
	if nb["cells"], err = json.Marshal(cells); err != nil {
		return nil, err
	}
	return json.MarshalIndent(nb, "", " ")
}

// ReplaceInCode returns the notebook with old replaced by new in every code cell's source
// (cmd/nbrun points the module pin `${GONB_DIR}/..` of a copy at the repository).
func ReplaceInCode(ipynb []byte, old, new string) ([]byte, error) {
	nb, cells, err := cellsOf(ipynb)
	if err != nil {
		return nil, err
	}
	for i, raw := range cells {
		var c map[string]json.RawMessage
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, fmt.Errorf("cell %d: %w", i, err)
		}
		var rc rawCell
		_ = json.Unmarshal(raw, &rc)
		if rc.CellType != "code" {
			continue
		}
		src, err := rc.source()
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i, err)
		}
		if !strings.Contains(src, old) {
			continue
		}
		lines := slices.DeleteFunc(strings.SplitAfter(strings.ReplaceAll(src, old, new), "\n"), func(l string) bool { return l == "" })
		if c["source"], err = json.Marshal(lines); err != nil {
			return nil, err
		}
		if cells[i], err = json.Marshal(c); err != nil {
			return nil, err
		}
	}
	if nb["cells"], err = json.Marshal(cells); err != nil {
		return nil, err
	}
	return json.MarshalIndent(nb, "", " ")
}
