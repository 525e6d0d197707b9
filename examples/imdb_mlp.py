"""IMDB sentiment, 16-16-1 MLP on multi-hot vectors, RMSprop, 4 epochs, batch 512 (seed 002).

Seed 002's "binary classification (movie reviews)" program with `import torcheras as keras`
and Keras 3 spellings (`keras.Input` instead of `input_shape=`); the plotting it left
commented out is dropped. Reaches about 0.88 test accuracy.
"""

import numpy as np

import torcheras as keras

imdb = keras.datasets.imdb
layers, models, optimizers, losses = keras.layers, keras.models, keras.optimizers, keras.losses


def vectorize_sequence(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results


(train_data, train_labels), (test_data, test_labels) = imdb.load_data(num_words=10000)

x_train = vectorize_sequence(train_data)
x_test = vectorize_sequence(test_data)

y_train = np.asarray(train_labels).astype("float32")
y_test = np.asarray(test_labels).astype("float32")

network = models.Sequential()
network.add(keras.Input(shape=(10000,)))
network.add(layers.Dense(16, activation="relu"))
network.add(layers.Dense(16, activation="relu"))
network.add(layers.Dense(1, activation="sigmoid"))

network.compile(
    optimizer=optimizers.RMSprop(learning_rate=0.001),
    loss=losses.binary_crossentropy,
    metrics=["acc"],
)

x_val = x_train[:10000]
partial_x_train = x_train[10000:]
y_val = y_train[:10000]
partial_y_train = y_train[10000:]

history = network.fit(
    partial_x_train,
    partial_y_train,
    epochs=4,
    batch_size=512,
    validation_data=(x_val, y_val),
)

results = network.evaluate(x_test, y_test)
print(results)
print("test_acc:", results[1])

predictions = network.predict(x_test)
