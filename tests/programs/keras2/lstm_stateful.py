# Equivalent of keras-team/keras 2.3.1 examples/lstm_stateful.py (rewritten for
# torcheras's acceptance tests; same layers, spellings, data and expected outcome).
'''A stateful LSTM against its stateless counterpart.

The input is uniform noise of length input_len; the target is its moving
average over a window of tsteps points. Each model sees lahead input points
per output point. With lahead < tsteps only the stateful LSTM can learn the
average (its state carries the earlier points from one batch to the next);
with lahead >= tsteps both can. When lahead > 1 the input is turned into a
rolling-window view of width lahead.
'''
from __future__ import print_function
import numpy as np
import matplotlib.pyplot as plt
import pandas as pd
from keras.models import Sequential
from keras.layers import Dense, LSTM

# ----------------------------------------------------------
# parameters (see the docstring)
# ----------------------------------------------------------

# length of the input series
input_len = 1000

# width of the moving average that makes the target, e.g. tsteps=2 and
# input=[1, 2, 3, 4, 5] give target=[1.5, 2.5, 3.5, 4.5]
tsteps = 2

# input points the LSTM sees for each target point
lahead = 1

# passed to model.fit(...)
batch_size = 1
epochs = 10

print("*" * 33)
if lahead >= tsteps:
    print("STATELESS LSTM WILL ALSO CONVERGE")
else:
    print("STATELESS LSTM WILL NOT CONVERGE")
print("*" * 33)

np.random.seed(1986)

print('Generating Data...')


def gen_uniform_amp(amp=1, xn=10000):
    """xn points drawn uniformly from [-amp, +amp], as a one-column DataFrame.

    Arguments:
        amp: maximum/minimum range of uniform data
        xn: length of series
    """
    data_input = np.random.uniform(-1 * amp, +1 * amp, xn)
    data_input = pd.DataFrame(data_input)
    return data_input


# The moving average leaves tsteps - 1 leading NaNs, and the rolling window
# view loses lahead - 1 points: generate that many extra so that input_len
# points remain.
to_drop = max(tsteps - 1, lahead - 1)
data_input = gen_uniform_amp(amp=0.1, xn=input_len + to_drop)

# the target: the tsteps-point moving average of the input
expected_output = data_input.rolling(window=tsteps, center=False).mean()

# a rolling-window view when lahead > 1
if lahead > 1:
    data_input = np.repeat(data_input.values, repeats=lahead, axis=1)
    data_input = pd.DataFrame(data_input)
    for i, c in enumerate(data_input.columns):
        data_input[c] = data_input[c].shift(i)

# drop the NaN rows
expected_output = expected_output[to_drop:]
data_input = data_input[to_drop:]

print('Input shape:', data_input.shape)
print('Output shape:', expected_output.shape)
print('Input head: ')
print(data_input.head())
print('Output head: ')
print(expected_output.head())
print('Input tail: ')
print(data_input.tail())
print('Output tail: ')
print(expected_output.tail())

print('Plotting input and expected output')
plt.plot(data_input[0][:10], '.')
plt.plot(expected_output[0][:10], '-')
plt.legend(['Input', 'Expected output'])
plt.title('Input')
plt.show()


def create_model(stateful):
    model = Sequential()
    model.add(LSTM(20,
              input_shape=(lahead, 1),
              batch_size=batch_size,
              stateful=stateful))
    model.add(Dense(1))
    model.compile(loss='mse', optimizer='adam')
    return model


print('Creating Stateful Model...')
model_stateful = create_model(stateful=True)


def split_data(x, y, ratio=0.8):
    to_train = int(input_len * ratio)
    # a whole number of batches
    to_train -= to_train % batch_size

    x_train = x[:to_train]
    y_train = y[:to_train]
    x_test = x[to_train:]
    y_test = y[to_train:]

    # a whole number of batches in the test part too
    to_drop = x.shape[0] % batch_size
    if to_drop > 0:
        x_test = x_test[:-1 * to_drop]
        y_test = y_test[:-1 * to_drop]

    def reshape_3(x):
        return x.values.reshape((x.shape[0], x.shape[1], 1))

    x_train = reshape_3(x_train)
    x_test = reshape_3(x_test)

    def reshape_2(x):
        return x.values.reshape((x.shape[0], 1))

    y_train = reshape_2(y_train)
    y_test = reshape_2(y_test)

    return (x_train, y_train), (x_test, y_test)


(x_train, y_train), (x_test, y_test) = split_data(data_input, expected_output)
print('x_train.shape: ', x_train.shape)
print('y_train.shape: ', y_train.shape)
print('x_test.shape: ', x_test.shape)
print('y_test.shape: ', y_test.shape)

print('Training')
for i in range(epochs):
    print('Epoch', i + 1, '/', epochs)
    # The state left by sample i of a batch is the initial state of sample i
    # of the next batch: the model trains on batch_size interleaved series,
    # data_input[i::batch_size]. shuffle=False keeps that order.
    model_stateful.fit(x_train,
                       y_train,
                       batch_size=batch_size,
                       epochs=1,
                       verbose=1,
                       validation_data=(x_test, y_test),
                       shuffle=False)
    model_stateful.reset_states()

print('Predicting')
predicted_stateful = model_stateful.predict(x_test, batch_size=batch_size)

print('Creating Stateless Model...')
model_stateless = create_model(stateful=False)

print('Training')
model_stateless.fit(x_train,
                    y_train,
                    batch_size=batch_size,
                    epochs=epochs,
                    verbose=1,
                    validation_data=(x_test, y_test),
                    shuffle=False)

print('Predicting')
predicted_stateless = model_stateless.predict(x_test, batch_size=batch_size)

# ----------------------------

print('Plotting Results')
plt.subplot(3, 1, 1)
plt.plot(y_test)
plt.title('Expected')
plt.subplot(3, 1, 2)
# the first tsteps - 1 points have no earlier points to average: skip them
plt.plot((y_test - predicted_stateful).flatten()[tsteps - 1:])
plt.title('Stateful: Expected - Predicted')
plt.subplot(3, 1, 3)
plt.plot((y_test - predicted_stateless).flatten())
plt.title('Stateless: Expected - Predicted')
plt.show()
