"""Boston housing regression, 64-64-1 MLP, mse/mae, 4-fold cross-validation (seed 002).

Seed 002's "house prices" program with `import torcheras as keras` and Keras 3 spellings,
running the 4-fold validation loop the post wrote (100 epochs, batch 1) and then its final
model (80 epochs, batch 16) on all training data. Prints the 4-fold mean validation MAE
(about 2.5) and the test MAE (about 2.7), both in thousands of dollars.
"""

import numpy as np

import torcheras as keras

boston_housing = keras.datasets.boston_housing
layers, models = keras.layers, keras.models

(train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()

# Standardize each feature with the training set's mean and standard deviation.
mean = train_data.mean(axis=0)
train_data -= mean
std = train_data.std(axis=0)
train_data /= std
test_data -= mean
test_data /= std


def build_model():
    network = models.Sequential()
    network.add(keras.Input(shape=(train_data.shape[1],)))
    network.add(layers.Dense(64, activation="relu"))
    network.add(layers.Dense(64, activation="relu"))
    network.add(layers.Dense(1))
    network.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    return network


K = 4
num_val_samples = len(train_data) // K
num_epochs = 100
all_mae_histories = []

for i in range(K):
    print("processing fold #", i)
    val_data = train_data[i * num_val_samples: (i + 1) * num_val_samples]
    val_targets = train_targets[i * num_val_samples: (i + 1) * num_val_samples]
    partial_train_data = np.concatenate(
        [train_data[: i * num_val_samples], train_data[(i + 1) * num_val_samples:]], axis=0
    )
    partial_train_targets = np.concatenate(
        [train_targets[: i * num_val_samples], train_targets[(i + 1) * num_val_samples:]],
        axis=0,
    )
    model = build_model()
    history = model.fit(partial_train_data, partial_train_targets,
                        validation_data=(val_data, val_targets),
                        epochs=num_epochs, batch_size=1, verbose=0)
    all_mae_histories.append(history.history["val_mae"])

avg_mae_history = [np.mean([x[i] for x in all_mae_histories]) for i in range(num_epochs)]
print("fold val MAE (last epoch):", [round(float(h[-1]), 4) for h in all_mae_histories])
print("4-fold mean val MAE:", avg_mae_history[-1])

model = build_model()
model.fit(train_data, train_targets, epochs=80, batch_size=16, verbose=0)
test_mse_score, test_mae_score = model.evaluate(test_data, test_targets)
print("test MAE:", test_mae_score)
