# Equivalent of keras-team/keras 1.2.2 examples/imdb_lstm.py (rewritten for torcheras's
# acceptance tests; same layers, Keras 1 spellings, data and expected outcome).
'''An LSTM on IMDB sentiment classification, in Keras 1's spelling:
imdb.load_data(nb_words=...), Embedding(..., dropout=0.2),
LSTM(128, dropout_W=0.2, dropout_U=0.2), nb_epoch.

The original notes that the dataset is too small for an LSTM to beat much
simpler methods (TF-IDF + logistic regression), and that RNNs are sensitive to
batch size, loss and optimizer. It makes no accuracy claim.
'''
from __future__ import print_function
import numpy as np
np.random.seed(1337)  # for reproducibility

from keras.preprocessing import sequence
from keras.utils import np_utils
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation, Embedding
from keras.layers import LSTM, SimpleRNN, GRU
from keras.datasets import imdb

max_features = 20000
maxlen = 80  # reviews are cut after this many words
batch_size = 32

print('Loading data...')
(X_train, y_train), (X_test, y_test) = imdb.load_data(nb_words=max_features)
print(len(X_train), 'train sequences')
print(len(X_test), 'test sequences')

print('Pad sequences (samples x time)')
X_train = sequence.pad_sequences(X_train, maxlen=maxlen)
X_test = sequence.pad_sequences(X_test, maxlen=maxlen)
print('X_train shape:', X_train.shape)
print('X_test shape:', X_test.shape)

print('Build model...')
model = Sequential()
model.add(Embedding(max_features, 128, dropout=0.2))
model.add(LSTM(128, dropout_W=0.2, dropout_U=0.2))
model.add(Dense(1))
model.add(Activation('sigmoid'))

model.compile(loss='binary_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])

print('Train...')
model.fit(X_train, y_train, batch_size=batch_size, nb_epoch=15,
          validation_data=(X_test, y_test))
score, acc = model.evaluate(X_test, y_test,
                            batch_size=batch_size)
print('Test score:', score)
print('Test accuracy:', acc)
