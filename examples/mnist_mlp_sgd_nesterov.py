"""MNIST 500-500 tanh MLP, dropout 0.5, SGD 0.01 + Nesterov momentum on raw 0..255 pixels (seed 003).

Keras 2's `decay=1e-6` is written the Keras 3 way, as an InverseTimeDecay schedule
(lr / (1 + 1e-6 * step)). The post trains 100 epochs; set EPOCHS to train fewer.
Set MNIST_NPZ to read a local mnist.npz as the post does; otherwise the dataset loader is used.
"""

import os

import numpy as np

from torcheras.datasets import mnist
from torcheras.layers import Activation, Dense, Dropout, Input
from torcheras.models import Sequential
from torcheras.optimizers import SGD
from torcheras.optimizers.schedules import InverseTimeDecay


def load_data(path=os.environ.get("MNIST_NPZ")):
    if path is None:
        return mnist.load_data()
    with np.load(path) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


model = Sequential()
model.add(Input(shape=(784,)))
model.add(Dense(500))
model.add(Activation("tanh"))
model.add(Dropout(0.5))
model.add(Dense(500))
model.add(Activation("tanh"))
model.add(Dropout(0.5))
model.add(Dense(10))
model.add(Activation("softmax"))

lr = InverseTimeDecay(initial_learning_rate=0.01, decay_steps=1, decay_rate=1e-6)
sgd = SGD(learning_rate=lr, momentum=0.9, nesterov=True)
model.compile(loss="categorical_crossentropy", optimizer=sgd)

(x_train, y_train), (x_test, y_test) = load_data()
X_train = x_train.reshape(x_train.shape[0], x_train.shape[1] * x_train.shape[2])
X_test = x_test.reshape(x_test.shape[0], x_test.shape[1] * x_test.shape[2])
Y_train = (np.arange(10) == y_train[:, None]).astype(int)  # an int one-hot matrix
Y_test = (np.arange(10) == y_test[:, None]).astype(int)

epochs = int(os.environ.get("EPOCHS", 100))
model.fit(X_train, Y_train, batch_size=200, epochs=epochs, shuffle=True, verbose=1,
          validation_split=0.3)

print("test set")
scores = model.evaluate(X_test, Y_test, batch_size=200, verbose=1)
print("")
print(f"The test loss is {scores:f}")
result = model.predict(X_test, batch_size=200, verbose=1)
result_max = np.argmax(result, axis=1)
test_max = np.argmax(Y_test, axis=1)
true_num = np.sum(np.equal(result_max, test_max))
print("")
print("The accuracy of the model is %f" % (true_num / len(result_max)))
