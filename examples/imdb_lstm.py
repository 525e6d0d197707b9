"""Trains an LSTM on the IMDB sentiment classification task (Keras 2's imdb_lstm.py).

Keras 3 spellings with ``import torcheras as keras``; same model, data and settings as the
Keras 2 example (Embedding 20000x128, LSTM 128 with dropout 0.2 and recurrent dropout 0.2,
sigmoid output, adam, maxlen 80, batch 32), trained for 2 epochs: about 0.83-0.84 test accuracy (0.8345, 0.8406 measured).

Recurrent dropout is a per-step operation that PyTorch's fused LSTM kernel does not have,
so training runs a step loop; ``--no-recurrent-dropout`` trains with input dropout only,
on the fused kernel (much faster, same accuracy on this task).

    TORCHERAS_DATA_DIR=/work/shared/data python examples/imdb_lstm.py
"""

import argparse

import torcheras as keras
from torcheras.datasets import imdb
from torcheras.layers import LSTM, Dense, Embedding
from torcheras.models import Sequential
from torcheras.utils import pad_sequences

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--no-recurrent-dropout", action="store_true")
args = parser.parse_args()

max_features = 20000
maxlen = 80  # cut texts after this number of words (among top max_features most common words)
batch_size = 32

print("Loading data...")
(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=max_features)
print(len(x_train), "train sequences")
print(len(x_test), "test sequences")

print("Pad sequences (samples x time)")
x_train = pad_sequences(x_train, maxlen=maxlen)
x_test = pad_sequences(x_test, maxlen=maxlen)
print("x_train shape:", x_train.shape)
print("x_test shape:", x_test.shape)

print("Build model...")
recurrent_dropout = 0.0 if args.no_recurrent_dropout else 0.2
model = Sequential()
model.add(keras.Input(shape=(maxlen,), dtype="int32"))
model.add(Embedding(max_features, 128))
model.add(LSTM(128, dropout=0.2, recurrent_dropout=recurrent_dropout))
model.add(Dense(1, activation="sigmoid"))
model.summary()

# try using different optimizers and different optimizer configs
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

print("Train...")
model.fit(x_train, y_train, batch_size=batch_size, epochs=args.epochs,
          validation_data=(x_test, y_test))
score, acc = model.evaluate(x_test, y_test, batch_size=batch_size)
print("Test score:", score)
print("Test accuracy:", acc)
