/// A random transformation applied to each training mini-batch (never to validation or test
/// data), such as mixup or Gaussian input noise. The trainer calls `augment` once per step with
/// its own seeded generator.
public protocol BatchAugmentation {
    func augment(_ batch: Dataset, using generator: inout RandomGenerator) -> Dataset
}
