"""`keras.applications`: Keras's pretrained image-classification architectures.

Each family lives in its own module at Keras's path (`keras.applications.resnet`, ...) with
its `preprocess_input` and `decode_predictions`; the model constructors are also exported
here. Layer names, parameter counts and weight layout are Keras's, so Keras's published
ImageNet weights (`weights="imagenet"`) load directly.
"""

from torcheras.applications import (
    convnext,
    densenet,
    efficientnet,
    efficientnet_v2,
    imagenet_utils,
    inception_resnet_v2,
    inception_v3,
    mobilenet,
    mobilenet_v2,
    mobilenet_v3,
    nasnet,
    resnet,
    resnet50,
    resnet_v2,
    vgg16,
    vgg19,
    xception,
)
from torcheras.applications.convnext import (
    ConvNeXtBase,
    ConvNeXtLarge,
    ConvNeXtSmall,
    ConvNeXtTiny,
    ConvNeXtXLarge,
)
from torcheras.applications.densenet import DenseNet121, DenseNet169, DenseNet201
from torcheras.applications.efficientnet import (
    EfficientNetB0,
    EfficientNetB1,
    EfficientNetB2,
    EfficientNetB3,
    EfficientNetB4,
    EfficientNetB5,
    EfficientNetB6,
    EfficientNetB7,
)
from torcheras.applications.efficientnet_v2 import (
    EfficientNetV2B0,
    EfficientNetV2B1,
    EfficientNetV2B2,
    EfficientNetV2B3,
    EfficientNetV2L,
    EfficientNetV2M,
    EfficientNetV2S,
)
from torcheras.applications.inception_resnet_v2 import InceptionResNetV2
from torcheras.applications.inception_v3 import InceptionV3
from torcheras.applications.mobilenet import MobileNet
from torcheras.applications.mobilenet_v2 import MobileNetV2
from torcheras.applications.mobilenet_v3 import MobileNetV3Large, MobileNetV3Small
from torcheras.applications.nasnet import NASNetLarge, NASNetMobile
from torcheras.applications.resnet import ResNet50, ResNet101, ResNet152
from torcheras.applications.resnet_v2 import ResNet50V2, ResNet101V2, ResNet152V2
from torcheras.applications.vgg16 import VGG16
from torcheras.applications.vgg19 import VGG19
from torcheras.applications.xception import Xception

__all__ = [
    "ConvNeXtBase",
    "ConvNeXtLarge",
    "ConvNeXtSmall",
    "ConvNeXtTiny",
    "ConvNeXtXLarge",
    "DenseNet121",
    "DenseNet169",
    "DenseNet201",
    "EfficientNetB0",
    "EfficientNetB1",
    "EfficientNetB2",
    "EfficientNetB3",
    "EfficientNetB4",
    "EfficientNetB5",
    "EfficientNetB6",
    "EfficientNetB7",
    "EfficientNetV2B0",
    "EfficientNetV2B1",
    "EfficientNetV2B2",
    "EfficientNetV2B3",
    "EfficientNetV2L",
    "EfficientNetV2M",
    "EfficientNetV2S",
    "InceptionResNetV2",
    "InceptionV3",
    "MobileNet",
    "MobileNetV2",
    "MobileNetV3Large",
    "MobileNetV3Small",
    "NASNetLarge",
    "NASNetMobile",
    "ResNet50",
    "ResNet50V2",
    "ResNet101",
    "ResNet101V2",
    "ResNet152",
    "ResNet152V2",
    "VGG16",
    "VGG19",
    "Xception",
    "convnext",
    "densenet",
    "efficientnet",
    "efficientnet_v2",
    "imagenet_utils",
    "inception_resnet_v2",
    "inception_v3",
    "mobilenet",
    "mobilenet_v2",
    "mobilenet_v3",
    "nasnet",
    "resnet",
    "resnet50",
    "resnet_v2",
    "vgg16",
    "vgg19",
    "xception",
]
