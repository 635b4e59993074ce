# Writes src/test/resources/models/bad_output_4d.onnx: a valid ONNX model that takes an image [N,3,32,32] and
# returns a 4-D tensor [N,3,32,32] (an identity), i.e. not the [batch, classes] scores the evaluator needs.
# Needs Debian python3-onnx. usage: python3 make_bad_output_model.py OUT.onnx
import sys
import onnx
from onnx import helper, TensorProto
x = helper.make_tensor_value_info('image', TensorProto.FLOAT, ['N', 3, 32, 32])
y = helper.make_tensor_value_info('same', TensorProto.FLOAT, ['N', 3, 32, 32])
g = helper.make_graph([helper.make_node('Identity', ['image'], ['same'])], 'bad_output_4d', [x], [y])
m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)], producer_name='spikecodec-tests')
m.ir_version = 7
onnx.checker.check_model(m)
onnx.save(m, sys.argv[1])
