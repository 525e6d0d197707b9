"""MNIST classifier, 32 hidden units, 2 epochs, batch 32 (seed 001, Keras 3 spellings)."""

import numpy as np

from torcheras.datasets import mnist
from torcheras.layers import Activation, Dense
from torcheras.models import Sequential
from torcheras.optimizers import RMSprop
from torcheras.utils import to_categorical

np.random.seed(1337)  # for reproducibility

(X_train, y_train), (X_test, y_test) = mnist.load_data()
X_train = X_train.reshape(X_train.shape[0], -1) / 255.0
X_test = X_test.reshape(X_test.shape[0], -1) / 255.0
y_train = to_categorical(y_train, num_classes=10)
y_test = to_categorical(y_test, num_classes=10)

model = Sequential([
    Dense(32, input_shape=(784,)),
    Activation("relu"),
    Dense(10),
    Activation("softmax"),
])
rmsprop = RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-08)
model.compile(optimizer=rmsprop, loss="categorical_crossentropy", metrics=["accuracy"])

print("Training ------------")
model.fit(X_train, y_train, epochs=2, batch_size=32)

print("\nTesting ------------")
loss, accuracy = model.evaluate(X_test, y_test)
print("test loss: ", loss)
print("test accuracy: ", accuracy)
