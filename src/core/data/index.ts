// Datasets for calibration and evaluation: NumPy files, batching, the built-in MNIST digits.
export { readNpy, writeNpy, type NpyArray, type NpyData } from './npy';
export { readNpz, writeNpz, type NpzContents, type NpzWriteOptions } from './npz';
export { classLabels, datasetFromArrays, readDataset, rows, toNumbers, type Dataset } from './dataset';
export { batches, type Batch, type BatchOptions, type BatchPlan, type InputSpec } from './batches';
export {
  MNIST_DIGIT_COUNT,
  MNIST_DIGITS_FILE,
  MNIST_SPLIT,
  mnistPixelValue,
  mnistSplit,
  readMnistDigits,
} from './mnist';
export {
  CALIBRATION_BATCH,
  CALIBRATION_SEED,
  calibrationFeeds,
  dataInput,
  type CalibrationFeedOptions,
  type CalibrationFeeds,
} from './calibration-feeds';
export { readCsvDataset, type CsvOptions } from './csv';
export { parseCsv, sniffDelimiter, type CsvDelimiter, type CsvRecord } from './csv-parse';
export {
  IMAGE_EXTENSIONS,
  isImagePath,
  listImageFolder,
  listImageZip,
  type ImageFolder,
  type ImageItem,
} from './image-folder';
export {
  LUMA_601,
  defaultPreprocessing,
  preprocessImage,
  previewImage,
  sampleShape,
  type ImageLayout,
  type ImagePreprocessing,
  type RgbaImage,
} from './image-preprocess';
export { imageDataset, type ImageCancelSignal, type ImageDecoder, type ImageProgress } from './image-dataset';
