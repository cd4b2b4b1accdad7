import Testing
@testable import NeuralKit

/// Gradient checks (central differences in Double, relative error ≤ 1e-7) and behaviour of the
/// convolutional layers; parity with PyTorch is in Parity/ConvolutionParity.swift.
@Suite struct ConvolutionLayerTests {
    static func images(_ n: Int, _ c: Int, _ h: Int, _ w: Int, seed: UInt64) -> Tensor<Double> {
        TestTensors.normal(n, c * h * w, seed: seed).asImages(ImageShape(channels: c, height: h, width: w))
    }

    /// The convolution written as its definition, four nested sums, to compare im2col against.
    static func directConvolution(_ x: Tensor<Double>, _ layer: Conv2d<Double>) -> Tensor<Double> {
        let shape = x.imageShape!
        let out = layer.outputShape(for: shape)
        var y = Tensor<Double>(images: x.rows, shape: out)
        let (kh, kw, s, p) = (layer.kernelHeight, layer.kernelWidth, layer.stride, layer.padding)
        for n in 0..<x.rows {
            for o in 0..<out.channels {
                for oh in 0..<out.height {
                    for ow in 0..<out.width {
                        var total = layer.bias?.value.scalars[o] ?? 0
                        for c in 0..<shape.channels {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let (ih, iw) = (oh * s - p + i, ow * s - p + j)
                                    guard ih >= 0, ih < shape.height, iw >= 0, iw < shape.width else { continue }
                                    let weight = layer.weight.value.scalars[((o * shape.channels + c) * kh + i) * kw + j]
                                    total += weight * x.scalars[n * shape.count + (c * shape.height + ih) * shape.width + iw]
                                }
                            }
                        }
                        y.scalars[n * out.count + (o * out.height + oh) * out.width + ow] = total
                    }
                }
            }
        }
        return y
    }

    @Test("Conv2d matches the direct sum and finite differences",
          arguments: [(3, 1, 1, true), (3, 2, 0, false), (2, 2, 1, true), (1, 1, 0, true), (5, 3, 2, true)])
    func convolutionGradients(kernel: Int, stride: Int, padding: Int, bias: Bool) throws {
        var generator = RandomGenerator(seed: 40)
        let layer = Conv2d<Double>(
            inputChannels: 2, outputChannels: 3, kernelSize: kernel, stride: stride, padding: padding, bias: bias,
            generator: &generator)
        let x = Self.images(3, 2, 7, 6, seed: 41)
        let y = layer.forward(x)
        #expect(TestTensors.isClose(y, Self.directConvolution(x, layer), tolerance: 1e-12))
        #expect(y.imageShape == layer.outputShape(for: x.imageShape!))
        // The output is linear in x and in W, so central differences have no truncation error and a
        // larger step only lowers the round-off (h = 1e-5 leaves ~1e-7 on inputs that few taps read).
        let report = checkGradients(of: layer, input: x, seed: 42, step: 1e-3)
        #expect(report.errors.count == (bias ? 3 : 2))
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("Conv2d on wide maps (col2im by row runs, from 16 output columns) matches the direct sum and finite differences",
          arguments: [(1, 1, 20), (2, 1, 34), (1, 0, 19)])
    func wideConvolutionGradients(stride: Int, padding: Int, width: Int) throws {
        var generator = RandomGenerator(seed: 43)
        let layer = Conv2d<Double>(
            inputChannels: 2, outputChannels: 2, kernelSize: 3, stride: stride, padding: padding, generator: &generator)
        let x = Self.images(2, 2, 4, width, seed: 44)
        #expect(layer.outputShape(for: x.imageShape!).width >= Im2col.rowsFoldWidth)
        #expect(TestTensors.isClose(layer.forward(x), Self.directConvolution(x, layer), tolerance: 1e-12))
        let report = checkGradients(of: layer, input: x, seed: 45, step: 1e-3)
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("Conv2d gives the same result when the batch is split into chunks of images")
    func chunkedConvolution() throws {
        var generator = RandomGenerator(seed: 50)
        let whole = Conv2d<Double>(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, generator: &generator)
        let chunked = Conv2d<Double>(weight: whole.weight.value, bias: whole.bias!.value, padding: 1)
        chunked.columnBudget = 2 * 18 * 42  // two images of 18 patch rows × 42 pixels per chunk
        let x = Self.images(5, 2, 7, 6, seed: 51)
        #expect(TestTensors.isClose(whole.forward(x), chunked.forward(x), tolerance: 1e-13))
        let g = TestTensors.normal(5, 3 * 42, seed: 52)
        #expect(TestTensors.isClose(whole.backward(g), chunked.backward(g), tolerance: 1e-13))
        #expect(TestTensors.isClose(whole.weight.gradient, chunked.weight.gradient, tolerance: 1e-13))
        let report = checkGradients(of: chunked, input: x, seed: 53)
        #expect(report.maxError <= 1e-7, "\(report)")
    }

    @Test("Conv2d's backward reuses the forward's column matrix only while it holds the last input")
    func columnMatrixReuse() throws {
        var generator = RandomGenerator(seed: 58)
        let layer = Conv2d<Double>(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, generator: &generator)
        /// What a fresh layer with the same weights gives for one forward and backward.
        func fresh(_ x: Tensor<Double>, _ g: Tensor<Double>) -> (dx: Tensor<Double>, dw: Tensor<Double>) {
            let other = Conv2d<Double>(weight: layer.weight.value, bias: layer.bias!.value, padding: 1)
            _ = other.forward(x)
            return (other.backward(g), other.weight.gradient)
        }
        let a = Self.images(3, 2, 6, 6, seed: 59)
        let b = Self.images(2, 2, 5, 7, seed: 60)  // another batch size and image size
        let gb = TestTensors.normal(2, 3 * 35, seed: 61)
        // A forward of `a` (as an evaluation between steps), then of `b`: backward sees `b`.
        _ = layer.forward(a)
        #expect(TestTensors.isClose(layer.forward(b), Self.directConvolution(b, layer), tolerance: 1e-12))
        let expected = fresh(b, gb)
        layer.zeroGradients()
        #expect(layer.backward(gb) == expected.dx)
        #expect(layer.weight.gradient == expected.dw)
        // A second backward without a forward: the column matrix was overwritten by the first.
        #expect(layer.backward(gb) == expected.dx)
        #expect(TestTensors.isClose(layer.weight.gradient, 2 * expected.dw, tolerance: 1e-13))
        // Back to the first size: the read table follows the geometry.
        #expect(TestTensors.isClose(layer.forward(a), Self.directConvolution(a, layer), tolerance: 1e-12))
    }

    @Test("accumulateParameterGradients gives backward's parameter gradients")
    func parameterGradientsOnly() throws {
        var generator = RandomGenerator(seed: 55)
        let a = Conv2d<Double>(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, generator: &generator)
        let b = Conv2d<Double>(weight: a.weight.value, bias: a.bias!.value, padding: 1)
        let x = Self.images(4, 1, 8, 8, seed: 56)
        let g = TestTensors.normal(4, 4 * 64, seed: 57)
        _ = a.forward(x)
        _ = a.backward(g)
        _ = b.forward(x)
        b.accumulateParameterGradients(g)
        #expect(a.weight.gradient == b.weight.gradient)
        #expect(a.bias!.gradient == b.bias!.gradient)
    }

    @Test("pooling, global pooling and Flatten match finite differences")
    func poolingGradients() throws {
        let x = Self.images(2, 3, 7, 8, seed: 60)
        let layers: [any Layer<Double>] = [
            MaxPool2d(kernelSize: 2), MaxPool2d(kernelSize: 3, stride: 2), AvgPool2d(kernelSize: 2),
            AvgPool2d(kernelSize: 3, stride: 2), GlobalAveragePool2d(), Flatten(),
        ]
        for layer in layers {
            let report = checkGradients(of: layer, input: x, seed: 61)
            #expect(report.maxError <= 1e-7, "\(layer): \(report)")
        }
    }

    @Test("MaxPool2d takes the first maximum of a tie and the last NaN of a window, as PyTorch",
          arguments: [(2, 2), (2, 1), (3, 2)])
    func maxPoolTiesAndNaN(kernel: Int, stride: Int) throws {
        // Float's 2×2 pool is the SIMD one (with a scalar tail), Double's the scalar one.
        checkTiesAndNaN(Float.self, kernel: kernel, stride: stride)
        checkTiesAndNaN(Double.self, kernel: kernel, stride: stride)
    }

    func checkTiesAndNaN<Scalar: TensorScalar>(_: Scalar.Type, kernel: Int, stride: Int) {
        // Values from a few levels (ties everywhere), some NaN; 2 images × 2 channels of 7×11 (so
        // the 2×2 Float pool has a group of four SIMD lanes and a scalar tail in each row).
        let shape = ImageShape(channels: 2, height: 7, width: 11)
        var generator = RandomGenerator(seed: 62)
        let scalars: [Scalar] = (0..<2 * shape.count).map { _ in
            generator.integer(below: 12) == 0 ? .nan : Scalar(generator.integer(below: 3))
        }
        let x = Tensor<Scalar>(images: 2, shape: shape, scalars: scalars)
        let layer = MaxPool2d<Scalar>(kernelSize: kernel, stride: stride)
        let y = layer.forward(x)
        let out = y.imageShape!
        let dy = Tensor<Scalar>(rows: y.rows, columns: y.columns, scalars: (0..<y.count).map { Scalar($0 + 1) })
        // The rule written out: scan the window row by row; move to a value that is larger or NaN.
        var expectedY: [Scalar] = []
        var expectedDx = [Scalar](repeating: 0, count: x.count)
        for plane in 0..<2 * shape.channels {
            for oh in 0..<out.height {
                for ow in 0..<out.width {
                    var best = plane * shape.planeCount + oh * stride * shape.width + ow * stride
                    for i in 0..<kernel {
                        for j in 0..<kernel {
                            let index = plane * shape.planeCount + (oh * stride + i) * shape.width + ow * stride + j
                            if x.scalars[index] > x.scalars[best] || x.scalars[index].isNaN { best = index }
                        }
                    }
                    expectedY.append(x.scalars[best])
                    expectedDx[best] += dy.scalars[expectedY.count - 1]
                }
            }
        }
        // NaN compared as nil (all NaN here are the same `.nan`; which one won shows in dx).
        #expect(y.scalars.map { $0.isNaN ? nil : $0 } == expectedY.map { $0.isNaN ? nil : $0 }, "\(Scalar.self)")
        #expect(expectedY.contains { $0.isNaN }, "the input exercises NaN windows")
        #expect(layer.backward(dy).scalars == expectedDx, "\(Scalar.self)")
    }

    @Test("output sizes follow PyTorch's formula")
    func outputSizes() throws {
        let x = Tensor<Float>(images: 2, shape: ImageShape(channels: 3, height: 7, width: 8))
        #expect(MaxPool2d<Float>(kernelSize: 2).forward(x).dimensions == [2, 3, 3, 4])
        #expect(AvgPool2d<Float>(kernelSize: 3, stride: 2).forward(x).dimensions == [2, 3, 3, 3])
        #expect(GlobalAveragePool2d<Float>().forward(x).dimensions == [2, 3, 1, 1])
        #expect(Flatten<Float>().forward(x).dimensions == [2, 168])
        var generator = RandomGenerator(seed: 1)
        let conv = Conv2d<Float>(inputChannels: 3, outputChannels: 5, kernelSize: 3, stride: 2, padding: 1, generator: &generator)
        #expect(conv.forward(x).dimensions == [2, 5, 4, 4])
        #expect(conv.weight.value.dimensions == [5, 3, 3, 3])
    }

    @Test("Dropout2d zeroes whole maps with probability p and scales the kept maps by 1/(1 − p)",
          arguments: [0.1, 0.5, 0.8])
    func channelDropoutStatistics(probability: Double) throws {
        let shape = ImageShape(channels: 50, height: 4, width: 5)
        let x = TestTensors.normal(2000, shape.count, seed: 70, as: Float.self).asImages(shape)
        let layer = try Dropout2d<Float>(probability: probability, seed: 71)
        let y = layer.forward(x)
        #expect(layer.channelMask.shape == Shape(2000, 50))
        var kept = 0
        var mixedMaps = 0
        for map in 0..<2000 * 50 {
            let range = map * 20..<(map + 1) * 20
            if layer.channelMask.scalars[map] == 1 {
                kept += 1
                if range.contains(where: { y.scalars[$0] != x.scalars[$0] / Float(1 - probability) }) { mixedMaps += 1 }
            } else if range.contains(where: { y.scalars[$0] != 0 }) {
                mixedMaps += 1
            }
        }
        let n = Double(2000 * 50)
        let standardError = (probability * (1 - probability) / n).squareRoot()
        #expect(abs(Double(kept) / n - (1 - probability)) <= 4 * standardError)
        #expect(mixedMaps == 0, "every map is kept whole or zeroed whole")
    }

    @Test("Dropout2d's backward matches finite differences with the mask replayed; evaluation is the identity")
    func channelDropoutGradients() throws {
        let layer = try Dropout2d<Double>(probability: 0.4, seed: 80)
        let saved = layer.generator
        let x = Self.images(4, 5, 3, 3, seed: 81)
        let report = checkGradients(of: layer, input: x, seed: 82, beforeEachForward: { layer.generator = saved })
        #expect(report.maxError <= 1e-7, "\(report)")
        #expect(layer.channelMask.scalars.contains(0) && layer.channelMask.scalars.contains(1))
        layer.eval()
        #expect(layer.forward(x) == x)
    }

    @Test("BatchNorm2d matches finite differences in training and evaluation", arguments: [true, false])
    func batchNormGradients(affine: Bool) throws {
        let layer = try BatchNorm2d<Double>(channelCount: 3, affine: affine)
        if affine {
            layer.weight!.value = TestTensors.normal(1, 3, seed: 90).map { 1 + 0.5 * $0 }
            layer.bias!.value = TestTensors.normal(1, 3, seed: 91)
        }
        let x = Self.images(2, 3, 2, 3, seed: 92)
        let training = checkGradients(of: layer, input: x, seed: 93)
        #expect(training.maxError <= 1e-7, "\(training)")
        layer.eval()
        let evaluation = checkGradients(of: layer, input: x, seed: 94)
        #expect(evaluation.maxError <= 1e-7, "\(evaluation)")
    }

    @Test("BatchNorm2d normalises per channel over (N, H, W), not per pixel")
    func batchNormStatisticsPerChannel() throws {
        let layer = try BatchNorm2d<Double>(channelCount: 2, affine: false)
        let x = Self.images(4, 2, 3, 3, seed: 95)
        let y = layer.forward(x)
        for channel in 0..<2 {
            var values: [Double] = []
            for n in 0..<4 { values += y.scalars[(n * 2 + channel) * 9..<(n * 2 + channel + 1) * 9] }
            let mean = values.reduce(0, +) / 36
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 36
            #expect(abs(mean) < 1e-12)
            #expect(abs(variance - 1) < 1e-3)
        }
        // a single pixel position is not normalised on its own
        let firstPixel = (0..<4).map { y.scalars[$0 * 18] }
        #expect(abs(firstPixel.reduce(0, +) / 4) > 1e-6)
    }

    @Test("a Sequential CNN passes image geometry through to a Linear head and back")
    func sequentialNetwork() throws {
        var generator = RandomGenerator(seed: 99)
        // No bias before BatchNorm2d: the normalisation subtracts it again, so its true gradient is 0
        // and a finite-difference ratio of round-off noise would be meaningless.
        let network = Sequential<Double>(
            Conv2d(inputChannels: 1, outputChannels: 3, kernelSize: 3, padding: 1, bias: false, generator: &generator),
            try BatchNorm2d(channelCount: 3), ReLU(), try Dropout2d(probability: 0.0, seed: 1), MaxPool2d(kernelSize: 2),
            Flatten(), Linear(inputSize: 48, outputSize: 4, generator: &generator))
        let x = TestTensors.awayFromZero(Self.images(3, 1, 8, 8, seed: 100)).asImages(ImageShape(channels: 1, height: 8, width: 8))
        let report = checkGradients(of: network, input: x, seed: 101)
        #expect(report.maxError <= 1e-6, "\(report)")
        let batch = x.rows(at: [2, 0])
        #expect(batch.imageShape == x.imageShape)
    }

    @Test("a matrix or a wrong channel count stops with the layer and the [N, C, H, W] sizes named")
    func shapeMessages() async {
        let matrix = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = RandomGenerator(seed: 1)
            let layer = Conv2d<Float>(inputChannels: 1, outputChannels: 8, kernelSize: 3, generator: &generator)
            print(layer.forward(Tensor(rows: 4, columns: 64)).count)
        }
        let matrixMessage = String(decoding: matrix?.standardErrorContent ?? [], as: UTF8.self)
        #expect(matrixMessage.contains("expected a batch of images [N, C, H, W], got a matrix [4, 64]"), "\(matrixMessage)")
        #expect(matrixMessage.contains("asImages"), "\(matrixMessage)")
        let channels = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = try BatchNorm2d<Float>(channelCount: 4)
            print(layer.forward(Tensor(images: 2, shape: ImageShape(channels: 3, height: 8, width: 8))).count)
        }
        let channelMessage = String(decoding: channels?.standardErrorContent ?? [], as: UTF8.self)
        #expect(channelMessage.contains("BatchNorm2d(4): input images have 3 channels, expected 4; input shape [2, 3, 8, 8]"), "\(channelMessage)")
    }
}
