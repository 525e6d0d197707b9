# Equivalent of keras-team/keras 2.3.1 examples/imdb_fasttext.py (rewritten for
# torcheras's acceptance tests; same layers, spellings, data and expected outcome).
'''fastText-style text classification (IMDB sentiment): averaged word
embeddings, optionally with n-gram features.

After Joulin et al., "Bag of Tricks for Efficient Text Classification",
https://arxiv.org/abs/1607.01759

Claimed by the original:
    uni-gram: 0.8813 test accuracy after 5 epochs (8 s/epoch on an i7 CPU);
    bi-gram:  0.9056 test accuracy after 5 epochs (2 s/epoch on a GTX 980M GPU).
'''

from __future__ import print_function
import numpy as np

from keras.preprocessing import sequence
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import Embedding
from keras.layers import GlobalAveragePooling1D
from keras.datasets import imdb


def create_ngram_set(input_list, ngram_value=2):
    """The set of n-grams (tuples) of a list of integers.

    >>> create_ngram_set([1, 4, 9, 4, 1, 4], ngram_value=2) == {(4, 9), (4, 1), (1, 4), (9, 4)}
    True
    """
    return set(zip(*[input_list[i:] for i in range(ngram_value)]))


def add_ngram(sequences, token_indice, ngram_range=2):
    """Each sequence with the ids of its known n-grams appended.

    >>> add_ngram([[1, 3, 4, 5], [1, 3, 7, 9, 2]],
    ...           {(1, 3): 1337, (9, 2): 42, (4, 5): 2017}, ngram_range=2)
    [[1, 3, 4, 5, 1337, 2017], [1, 3, 7, 9, 2, 1337, 42]]
    """
    new_sequences = []
    for input_list in sequences:
        new_list = input_list[:]
        for ngram_value in range(2, ngram_range + 1):
            for i in range(len(new_list) - ngram_value + 1):
                ngram = tuple(new_list[i:i + ngram_value])
                if ngram in token_indice:
                    new_list.append(token_indice[ngram])
        new_sequences.append(new_list)

    return new_sequences


# ngram_range = 2 adds bi-gram features
ngram_range = 1
max_features = 20000
maxlen = 400
batch_size = 32
embedding_dims = 50
epochs = 5

print('Loading data...')
(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=max_features)
print(len(x_train), 'train sequences')
print(len(x_test), 'test sequences')
print('Average train sequence length: {}'.format(
    np.mean(list(map(len, x_train)), dtype=int)))
print('Average test sequence length: {}'.format(
    np.mean(list(map(len, x_test)), dtype=int)))

if ngram_range > 1:
    print('Adding {}-gram features'.format(ngram_range))
    # every n-gram seen in the training set
    ngram_set = set()
    for input_list in x_train:
        for i in range(2, ngram_range + 1):
            set_of_ngram = create_ngram_set(input_list, ngram_value=i)
            ngram_set.update(set_of_ngram)

    # n-gram -> an id above every word id
    start_index = max_features + 1
    token_indice = {v: k + start_index for k, v in enumerate(ngram_set)}
    indice_token = {token_indice[k]: k for k in token_indice}

    # the embedding must now cover the n-gram ids too
    max_features = np.max(list(indice_token.keys())) + 1

    x_train = add_ngram(x_train, token_indice, ngram_range)
    x_test = add_ngram(x_test, token_indice, ngram_range)
    print('Average train sequence length: {}'.format(
        np.mean(list(map(len, x_train)), dtype=int)))
    print('Average test sequence length: {}'.format(
        np.mean(list(map(len, x_test)), dtype=int)))

print('Pad sequences (samples x time)')
x_train = sequence.pad_sequences(x_train, maxlen=maxlen)
x_test = sequence.pad_sequences(x_test, maxlen=maxlen)
print('x_train shape:', x_train.shape)
print('x_test shape:', x_test.shape)

print('Build model...')
model = Sequential()

# word (and n-gram) ids -> embedding_dims-dimensional vectors
model.add(Embedding(max_features,
                    embedding_dims,
                    input_length=maxlen))

# the document is the average of its embeddings
model.add(GlobalAveragePooling1D())

# one sigmoid output unit
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])

model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=epochs,
          validation_data=(x_test, y_test))
