# -*- coding: utf-8 -*-
# Equivalent of keras-team/keras 2.3.1 examples/addition_rnn.py (rewritten for
# torcheras's acceptance tests; same layers, spellings, data and expected outcome).
# One change that is not about Keras: the original's `from six.moves import range`
# (a Python 2 shim) is left out; Python 3's range is the same thing.
'''Sequence-to-sequence learning of addition: "535+61" -> "596".

Questions and answers are padded with spaces to fixed lengths. The question
may be reversed, which was shown to help in

    "Learning to Execute", http://arxiv.org/abs/1410.4615
    "Sequence to Sequence Learning with Neural Networks",
    http://papers.nips.cc/paper/5346-sequence-to-sequence-learning-with-neural-networks.pdf

(it shortens the dependencies between source and target).

Claimed by the original (one LSTM layer of 128 units, reversed questions):
    two digits:   5k examples,   99% train/test accuracy in 55 epochs;
    three digits: 50k examples,  99% in 100 epochs;
    four digits:  400k examples, 99% in 20 epochs;
    five digits:  550k examples, 99% in 30 epochs.
'''

from __future__ import print_function
from keras.models import Sequential
from keras import layers
import numpy as np


class CharacterTable(object):
    '''One-hot encoding of strings over a fixed character set, and back
    (from one-hot rows or from probability rows).
    '''
    def __init__(self, chars):
        '''chars: the characters that may appear.'''
        self.chars = sorted(set(chars))
        self.char_indices = dict((c, i) for i, c in enumerate(self.chars))
        self.indices_char = dict((i, c) for i, c in enumerate(self.chars))

    def encode(self, C, num_rows):
        '''One-hot encodes string C into num_rows rows.'''
        x = np.zeros((num_rows, len(self.chars)))
        for i, c in enumerate(C):
            x[i, self.char_indices[c]] = 1
        return x

    def decode(self, x, calc_argmax=True):
        '''The string of a one-hot or probability matrix (or of class ids,
        with calc_argmax=False).
        '''
        if calc_argmax:
            x = x.argmax(axis=-1)
        return ''.join(self.indices_char[x] for x in x)


class colors:
    ok = '\033[92m'
    fail = '\033[91m'
    close = '\033[0m'


TRAINING_SIZE = 50000
DIGITS = 3
REVERSE = True

# longest question: 'DIGITS+DIGITS'
MAXLEN = DIGITS + 1 + DIGITS

chars = '0123456789+ '
ctable = CharacterTable(chars)

questions = []
expected = []
seen = set()
print('Generating data...')
while len(questions) < TRAINING_SIZE:
    f = lambda: int(''.join(np.random.choice(list('0123456789'))
                    for i in range(np.random.randint(1, DIGITS + 1))))
    a, b = f(), f()
    # skip questions already asked, counting a+b and b+a as the same
    key = tuple(sorted((a, b)))
    if key in seen:
        continue
    seen.add(key)
    # pad with spaces to MAXLEN
    q = '{}+{}'.format(a, b)
    query = q + ' ' * (MAXLEN - len(q))
    ans = str(a + b)
    # answers are at most DIGITS + 1 long
    ans += ' ' * (DIGITS + 1 - len(ans))
    if REVERSE:
        # the padding goes first once reversed
        query = query[::-1]
    questions.append(query)
    expected.append(ans)
print('Total addition questions:', len(questions))

print('Vectorization...')
x = np.zeros((len(questions), MAXLEN, len(chars)), dtype=np.bool)
y = np.zeros((len(questions), DIGITS + 1, len(chars)), dtype=np.bool)
for i, sentence in enumerate(questions):
    x[i] = ctable.encode(sentence, MAXLEN)
for i, sentence in enumerate(expected):
    y[i] = ctable.encode(sentence, DIGITS + 1)

# shuffle: the later questions are mostly the longer ones
indices = np.arange(len(y))
np.random.shuffle(indices)
x = x[indices]
y = y[indices]

# a tenth is held out for validation and never trained on
split_at = len(x) - len(x) // 10
(x_train, x_val) = x[:split_at], x[split_at:]
(y_train, y_val) = y[:split_at], y[split_at:]

print('Training Data:')
print(x_train.shape)
print(y_train.shape)

print('Validation Data:')
print(x_val.shape)
print(y_val.shape)

# try layers.GRU or layers.SimpleRNN instead
RNN = layers.LSTM
HIDDEN_SIZE = 128
BATCH_SIZE = 128
LAYERS = 1

print('Build model...')
model = Sequential()
# the encoder reads the question into a HIDDEN_SIZE vector (for questions of
# varying length, input_shape=(None, num_feature))
model.add(RNN(HIDDEN_SIZE, input_shape=(MAXLEN, len(chars))))
# the decoder gets that vector once per output character
model.add(layers.RepeatVector(DIGITS + 1))
# the decoder: LAYERS stacked RNNs returning whole sequences
for _ in range(LAYERS):
    model.add(RNN(HIDDEN_SIZE, return_sequences=True))

# a softmax over the characters at each output step
model.add(layers.TimeDistributed(layers.Dense(len(chars), activation='softmax')))
model.compile(loss='categorical_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])
model.summary()

# one epoch per iteration, then ten random validation questions answered
for iteration in range(1, 200):
    print()
    print('-' * 50)
    print('Iteration', iteration)
    model.fit(x_train, y_train,
              batch_size=BATCH_SIZE,
              epochs=1,
              validation_data=(x_val, y_val))
    for i in range(10):
        ind = np.random.randint(0, len(x_val))
        rowx, rowy = x_val[np.array([ind])], y_val[np.array([ind])]
        preds = model.predict_classes(rowx, verbose=0)
        q = ctable.decode(rowx[0])
        correct = ctable.decode(rowy[0])
        guess = ctable.decode(preds[0], calc_argmax=False)
        print('Q', q[::-1] if REVERSE else q, end=' ')
        print('T', correct, end=' ')
        if correct == guess:
            print(colors.ok + '☑' + colors.close, end=' ')
        else:
            print(colors.fail + '☒' + colors.close, end=' ')
        print(guess)
