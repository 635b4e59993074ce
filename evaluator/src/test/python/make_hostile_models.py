# Writes the hostile classifiers of src/test/resources/models/: valid ONNX models that are not usable image
# classifiers, each of which the evaluator must refuse with a clear error (exit 3), never with a crash or nonsense.
# Input of each: 'image' float32 [N,3,32,32]. Needs Debian python3-onnx.  usage: python3 make_hostile_models.py OUTDIR
import os
import sys
import onnx
from onnx import helper, TensorProto

out = sys.argv[1]
x = helper.make_tensor_value_info('image', TensorProto.FLOAT, ['N', 3, 32, 32])


def save(name, nodes, y, inits=()):
    g = helper.make_graph(nodes, name, [x], [y], initializer=list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)], producer_name='spikecodec-tests')
    m.ir_version = 7
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(out, name + '.onnx'))


pool = [helper.make_node('GlobalAveragePool', ['image'], ['p']), helper.make_node('Flatten', ['p'], ['f'], axis=1)]  # f: [N,3]
# The output is the image itself: 4-D, not [batch, classes].
save('bad_output_4d', [helper.make_node('Identity', ['image'], ['same'])],
     helper.make_tensor_value_info('same', TensorProto.FLOAT, ['N', 3, 32, 32]))
# Scores that are NaN: (f - f) / (f - f) = 0/0.
save('nan_scores', pool + [helper.make_node('Sub', ['f', 'f'], ['z']), helper.make_node('Div', ['z', 'z'], ['scores'])],
     helper.make_tensor_value_info('scores', TensorProto.FLOAT, ['N', 3]))
# float64 scores.
save('double_scores', pool + [helper.make_node('Cast', ['f'], ['scores'], to=TensorProto.DOUBLE)],
     helper.make_tensor_value_info('scores', TensorProto.DOUBLE, ['N', 3]))
# One class only: the mean of the channel means.
save('one_class', pool + [helper.make_node('ReduceMean', ['f'], ['scores'], axes=[1], keepdims=1)],
     helper.make_tensor_value_info('scores', TensorProto.FLOAT, ['N', 1]))
