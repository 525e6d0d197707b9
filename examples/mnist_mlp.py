"""MNIST MLP, 512-512 with dropout, RMSprop, 10 epochs (seed 000's tutorial, Keras 3 spellings).

The main job of the README: trains on MNIST and prints the test accuracy (about 0.98).
"""

import numpy as np

import torcheras as keras
from torcheras.datasets import mnist
from torcheras.layers import Activation, Dense, Dropout
from torcheras.models import Sequential
from torcheras.optimizers import RMSprop
from torcheras.utils import to_categorical

(X_train, y_train), (X_test, y_test) = mnist.load_data()
print(X_train.shape, y_train.shape)
print(X_test.shape, y_test.shape)

X_train = X_train.reshape(X_train.shape[0], -1).astype("float32") / 255
X_test = X_test.reshape(X_test.shape[0], -1).astype("float32") / 255
y_train = to_categorical(y_train, num_classes=10)
y_test = to_categorical(y_test, num_classes=10)

model = Sequential()
model.add(keras.Input(shape=(784,)))
model.add(Dense(512))
model.add(Activation("relu"))
model.add(Dropout(0.2))
model.add(Dense(512))
model.add(Activation("relu"))
model.add(Dropout(0.2))
model.add(Dense(10))
model.add(Activation("softmax"))
model.summary()

rmsprop = RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-08)
model.compile(optimizer=rmsprop, loss="categorical_crossentropy", metrics=["accuracy"])

history = model.fit(X_train, y_train, epochs=10, batch_size=128, verbose=1,
                    validation_data=(X_test, y_test))
print(history.params)
score = model.evaluate(X_test, y_test, verbose=0)
print("Test score:", score[0])
print("Test accuracy:", score[1])

X_test_0 = X_test[0, :].reshape(1, 784)
y_test_0 = y_test[0, :]
pred = model.predict(X_test_0)
print("Label of testing sample", np.argmax(y_test_0))
print("Output of the softmax layer", pred[0])
print("Network prediction:", np.argmax([pred[0]]))
