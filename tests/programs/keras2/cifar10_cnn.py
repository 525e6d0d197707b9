# Equivalent of keras-team/keras 2.3.1 examples/cifar10_cnn.py (rewritten for
# torcheras's acceptance tests; same layers, spellings, data and expected outcome).
'''A simple deep CNN on the CIFAR10 small images dataset, trained on
real-time augmented images (ImageDataGenerator + fit_generator).

The original says it reaches 75% validation accuracy in 25 epochs and 79%
after 50 (it is still underfitting at that point).
'''

from __future__ import print_function
import keras
from keras.datasets import cifar10
from keras.preprocessing.image import ImageDataGenerator
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation, Flatten
from keras.layers import Conv2D, MaxPooling2D
import os

batch_size = 32
num_classes = 10
epochs = 100
data_augmentation = True
num_predictions = 20
save_dir = os.path.join(os.getcwd(), 'saved_models')
model_name = 'keras_cifar10_trained_model.h5'

(x_train, y_train), (x_test, y_test) = cifar10.load_data()
print('x_train shape:', x_train.shape)
print(x_train.shape[0], 'train samples')
print(x_test.shape[0], 'test samples')

y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

model = Sequential()
model.add(Conv2D(32, (3, 3), padding='same',
                 input_shape=x_train.shape[1:]))
model.add(Activation('relu'))
model.add(Conv2D(32, (3, 3)))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))

model.add(Conv2D(64, (3, 3), padding='same'))
model.add(Activation('relu'))
model.add(Conv2D(64, (3, 3)))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))

model.add(Flatten())
model.add(Dense(512))
model.add(Activation('relu'))
model.add(Dropout(0.5))
model.add(Dense(num_classes))
model.add(Activation('softmax'))

# RMSprop with a small learning rate and Keras 2's time-based decay
opt = keras.optimizers.RMSprop(learning_rate=0.0001, decay=1e-6)

model.compile(loss='categorical_crossentropy',
              optimizer=opt,
              metrics=['accuracy'])

x_train = x_train.astype('float32')
x_test = x_test.astype('float32')
x_train /= 255
x_test /= 255

if not data_augmentation:
    print('Not using data augmentation.')
    model.fit(x_train, y_train,
              batch_size=batch_size,
              epochs=epochs,
              validation_data=(x_test, y_test),
              shuffle=True)
else:
    print('Using real-time data augmentation.')
    # every option of the generator, as the original spelled them out
    datagen = ImageDataGenerator(
        featurewise_center=False,  # dataset mean -> 0
        samplewise_center=False,  # each sample's mean -> 0
        featurewise_std_normalization=False,  # divide by the dataset std
        samplewise_std_normalization=False,  # divide each sample by its std
        zca_whitening=False,  # ZCA whitening
        zca_epsilon=1e-06,  # epsilon for ZCA whitening
        rotation_range=0,  # random rotations, in degrees (0 to 180)
        # random horizontal shifts (fraction of the width)
        width_shift_range=0.1,
        # random vertical shifts (fraction of the height)
        height_shift_range=0.1,
        shear_range=0.,  # random shear
        zoom_range=0.,  # random zoom
        channel_shift_range=0.,  # random channel shifts
        # how points outside the input are filled
        fill_mode='nearest',
        cval=0.,  # the value for fill_mode = "constant"
        horizontal_flip=True,  # random horizontal flips
        vertical_flip=False,  # random vertical flips
        # rescaling factor, applied before any other transformation
        rescale=None,
        # a function applied to each input
        preprocessing_function=None,
        # "channels_first" or "channels_last"
        data_format=None,
        # fraction of the images kept for validation (strictly between 0 and 1)
        validation_split=0.0)

    # statistics for the featurewise options (std, mean, principal components
    # when ZCA whitening is used)
    datagen.fit(x_train)

    # batches from datagen.flow()
    model.fit_generator(datagen.flow(x_train, y_train,
                                     batch_size=batch_size),
                        epochs=epochs,
                        validation_data=(x_test, y_test),
                        workers=4)

# save the model and its weights
if not os.path.isdir(save_dir):
    os.makedirs(save_dir)
model_path = os.path.join(save_dir, model_name)
model.save(model_path)
print('Saved trained model at %s ' % model_path)

# score the trained model
scores = model.evaluate(x_test, y_test, verbose=1)
print('Test loss:', scores[0])
print('Test accuracy:', scores[1])
