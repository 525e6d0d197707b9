"""Reuters newswire topics, 64-64-46 MLP on multi-hot vectors, RMSprop, 9 epochs (seed 002).

Seed 002's "multi-class classification (news topics)" program with `import torcheras as
keras`, Keras 3 spellings and its two slips fixed (the loss is spelled
`categorical_crossentropy`; the test labels variable is the one the program defines).
Reaches about 0.78 test accuracy.
"""

import numpy as np

import torcheras as keras

reuters = keras.datasets.reuters
layers, models = keras.layers, keras.models

(train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=10000)


def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results


x_train = vectorize_sequences(train_data)
x_test = vectorize_sequences(test_data)


def one_hot_labels(labels, dimension=46):
    results = np.zeros((len(labels), dimension))
    for i, label in enumerate(labels):
        results[i, label] = 1.0
    return results


one_hot_train_labels = one_hot_labels(train_labels)
one_hot_test_labels = one_hot_labels(test_labels)
# Same as keras.utils.to_categorical(train_labels) / to_categorical(test_labels).

network = models.Sequential()
network.add(keras.Input(shape=(10000,)))
network.add(layers.Dense(64, activation="relu"))
network.add(layers.Dense(64, activation="relu"))
network.add(layers.Dense(46, activation="softmax"))

network.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])

x_val = x_train[:1000]
partial_x_train = x_train[1000:]
y_val = one_hot_train_labels[:1000]
partial_y_train = one_hot_train_labels[1000:]

history = network.fit(
    partial_x_train,
    partial_y_train,
    epochs=9,
    batch_size=512,
    validation_data=(x_val, y_val),
)

results = network.evaluate(x_test, one_hot_test_labels)
print(results)
print("test_acc:", results[1])

predictions = network.predict(x_test)
