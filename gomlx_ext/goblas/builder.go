package goblas

import (
	"fmt"
	"reflect"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// Builder records the graph. Every op is also built at once on a simplego builder (the shadow),
// which gives shapes and simplego's own validation errors; Compile replays the record in stages.
type Builder struct {
	backend *Backend
	name    string
	shadow  backends.Builder
	calls   []*call
	nodes   []*node
	params  []*node
	// compiled is set once Compile has been called: GoMLX builders compile once.
	compiled bool
}

// call is one recorded Builder method call; an op with several results has several nodes.
type call struct {
	method   string
	variadic bool
	// args are the method's arguments, with goblas nodes where the method takes ops.
	args    []any
	outputs []*node
}

// node is one op value of the graph.
type node struct {
	builder *Builder
	id      int
	call    *call
	shadow  backends.Op
	shape   shapes.Shape
	// paramIndex is the position among the Builder's parameters, or -1.
	paramIndex int
}

var _ backends.Builder = (*Builder)(nil)

func newBuilder(b *Backend, name string) *Builder {
	return &Builder{backend: b, name: name, shadow: b.Backend.Builder(name)}
}

// Name of the computation.
func (b *Builder) Name() string { return b.name }

// OpShape returns the shape of an op built by this builder.
func (b *Builder) OpShape(op backends.Op) (shapes.Shape, error) {
	n, err := b.own(op)
	if err != nil {
		return shapes.Shape{}, err
	}
	return n.shape, nil
}

// Parameter declares an input of the computation.
func (b *Builder) Parameter(name string, shape shapes.Shape, sharding *backends.ShardingSpec) (backends.Op, error) {
	if sharding != nil {
		return nil, fmt.Errorf("goblas: parameter %q: sharding is not supported (one device)", name)
	}
	res, err := b.record("Parameter", false, name, shape, sharding)
	if err != nil {
		return nil, err
	}
	n := res[0].(*node)
	n.paramIndex = len(b.params)
	b.params = append(b.params, n)
	return n, nil
}

// DistributedSPMD is not supported: goblas runs on one device, as simplego does.
func (b *Builder) DistributedSPMD(numDevices int) error {
	if numDevices == 1 {
		return nil
	}
	return fmt.Errorf("goblas: DistributedSPMD(%d): only one device", numDevices)
}

// DistributedAutoSharding is not supported (one device).
func (b *Builder) DistributedAutoSharding(meshes ...backends.Mesh) error {
	return fmt.Errorf("goblas: DistributedAutoSharding: only one device")
}

// DeviceAssignment accepts only device 0.
func (b *Builder) DeviceAssignment(devices ...backends.DeviceNum) error {
	if len(devices) == 1 && devices[0] == 0 {
		return nil
	}
	return fmt.Errorf("goblas: DeviceAssignment(%v): only device 0", devices)
}

// own checks that op is a node of this builder.
func (b *Builder) own(op backends.Op) (*node, error) {
	n, ok := op.(*node)
	if !ok || n == nil {
		return nil, fmt.Errorf("goblas builder %q: op %v (%T) was not built by a goblas builder", b.name, op, op)
	}
	if n.builder != b {
		return nil, fmt.Errorf("goblas builder %q: op #%d was built by builder %q", b.name, n.id, n.builder.name)
	}
	return n, nil
}

var (
	opType  = reflect.TypeFor[backends.Op]()
	opsType = reflect.TypeFor[[]backends.Op]()
)

// callOn calls method on target with args, each goblas node replaced by mapOp(node).
func callOn(target backends.Builder, method string, variadic bool, args []any, mapOp func(*node) (backends.Op, error)) ([]reflect.Value, error) {
	m := reflect.ValueOf(target).MethodByName(method)
	if !m.IsValid() {
		return nil, fmt.Errorf("goblas: backend builder %T has no method %s", target, method)
	}
	mt := m.Type()
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		pt := mt.In(i)
		switch v := a.(type) {
		case *node:
			op, err := mapOp(v)
			if err != nil {
				return nil, err
			}
			in[i] = reflect.ValueOf(&op).Elem()
			continue
		case []backends.Op:
			mapped := make([]backends.Op, len(v))
			for j, x := range v {
				n, ok := x.(*node)
				if !ok {
					return nil, fmt.Errorf("goblas %s: operand %d is %T, not a goblas op", method, j, x)
				}
				op, err := mapOp(n)
				if err != nil {
					return nil, err
				}
				mapped[j] = op
			}
			in[i] = reflect.ValueOf(mapped)
			continue
		}
		if pt == opType && a != nil {
			return nil, fmt.Errorf("goblas %s: argument %d is %T, not a goblas op", method, i, a)
		}
		if a == nil {
			in[i] = reflect.Zero(pt)
		} else {
			in[i] = reflect.ValueOf(a)
		}
	}
	if variadic {
		return m.CallSlice(in), nil
	}
	return m.Call(in), nil
}

// record builds the op on the shadow builder and records the call; results are nodes ([]Op for
// methods returning []Op).
func (b *Builder) record(method string, variadic bool, args ...any) ([]any, error) {
	if b.compiled {
		return nil, fmt.Errorf("goblas builder %q: %s after Compile", b.name, method)
	}
	out, err := callOn(b.shadow, method, variadic, args, func(n *node) (backends.Op, error) {
		if _, err := b.own(n); err != nil {
			return nil, err
		}
		return n.shadow, nil
	})
	if err != nil {
		return nil, err
	}
	if e := out[len(out)-1]; !e.IsNil() {
		return nil, e.Interface().(error)
	}
	c := &call{method: method, variadic: variadic, args: args}
	b.calls = append(b.calls, c)
	res := make([]any, len(out)-1)
	for i, v := range out[:len(out)-1] {
		switch v.Type() {
		case opType:
			n, err := b.newNode(c, v.Interface())
			if err != nil {
				return nil, err
			}
			res[i] = n
		case opsType:
			shadowOps := v.Interface().([]backends.Op)
			ops := make([]backends.Op, len(shadowOps))
			for j, s := range shadowOps {
				n, err := b.newNode(c, s)
				if err != nil {
					return nil, err
				}
				ops[j] = n
			}
			res[i] = ops
		default:
			return nil, fmt.Errorf("goblas %s: result %d of type %s is not an op", method, i, v.Type())
		}
	}
	return res, nil
}

func (b *Builder) newNode(c *call, shadowOp backends.Op) (*node, error) {
	shape, err := b.shadow.OpShape(shadowOp)
	if err != nil {
		return nil, err
	}
	n := &node{builder: b, id: len(b.nodes), call: c, shadow: shadowOp, shape: shape, paramIndex: -1}
	b.nodes = append(b.nodes, n)
	c.outputs = append(c.outputs, n)
	return n, nil
}
