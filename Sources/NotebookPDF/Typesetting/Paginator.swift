import NotebookDocument

/// The part of a layout item that landed on a page, and where.
struct Placement {
    var item: Int
    /// The units (lines) of the item on this page.
    var units: Range<Int>
    /// The top of the placed units, in page coordinates.
    var y: Double
}

/// One page of the laid-out document.
struct Page {
    var placements: [Placement] = []
}

/// Breaks the composer's items into pages.
///
/// Rules, as a careful typesetter would apply them:
/// - vertical spaces between items collapse to the larger of the two, and vanish at the top of a
///   page and at the edges of frames;
/// - a paragraph or listing is split between lines, never leaving fewer than two lines at the
///   bottom of a page (orphan) or at the top of the next (widow);
/// - a heading (or anything marked keep-with-next) is never the last thing on a page: it moves to
///   the next page with the first lines of what follows;
/// - items of one group (a call-out, a short listing) are kept on one page when they fit on one;
/// - a figure or table that does not fit waits for the top of the next page while the following
///   text fills the current one; waiting floats keep their order and are placed before a page
///   break and before the colophon.
struct Paginator {
    let items: [LayoutItem]
    let style: TypesetStyle
    let minimumLines = 2

    private(set) var pages: [Page] = []
    private var page = Page()
    private var cursor = 0.0
    private var previousSpaceAfter = 0.0
    private var previousWasFrameStart = false
    private var waitingFloats: [Int] = []
    private var checkedGroups: Set<Int> = []

    init(items: [LayoutItem], style: TypesetStyle) {
        self.items = items
        self.style = style
        cursor = style.marginTop
    }

    var bottom: Double { style.marginTop + style.bodyHeight }
    var pageIsEmpty: Bool { page.placements.isEmpty }

    /// The space above item `index` if it were placed next.
    func gap(before index: Int) -> Double {
        let item = items[index]
        if pageIsEmpty || previousWasFrameStart { return 0 }
        if case .frameEnd = item.content { return 0 }
        return max(previousSpaceAfter, item.spaceBefore)
    }

    /// The least height item `index` needs on this page to start here: two lines of text, or all of
    /// an unsplittable item, plus what follows it if it must be kept with the next.
    func minimumStart(of index: Int) -> Double {
        var height = 0.0
        var position = index
        var first = true
        while position < items.count {
            let item = items[position]
            if case .pageBreak = item.content { break }
            // A float after a heading may wait for the next page: look past it.
            if item.isFloat && !first {
                position += 1
                continue
            }
            height += first ? 0 : item.spaceBefore
            let units = item.isSplittable ? min(item.unitCount, minimumLines) : item.unitCount
            height += item.height(of: 0..<units)
            first = false
            if !item.keepWithNext { break }
            position += 1
        }
        return height
    }

    /// The height of group `group` starting at item `index`.
    func groupHeight(_ group: Int, from index: Int) -> Double {
        var height = 0.0
        var position = index
        while position < items.count, items[position].group == group {
            if position > index { height += max(items[position - 1].spaceAfter, items[position].spaceBefore) }
            height += items[position].height
            position += 1
        }
        return height
    }

    mutating func paginate() -> [Page] {
        for index in items.indices {
            let item = items[index]
            if case .pageBreak = item.content {
                while !waitingFloats.isEmpty { newPage() }
                if !pageIsEmpty { newPage() }
                continue
            }
            if item.isFloatBarrier {
                while !waitingFloats.isEmpty { newPage() }
            }
            if item.isFloat {
                if waitingFloats.isEmpty && fits(index) {
                    place(index, units: 0..<1)
                } else if waitingFloats.isEmpty && pageIsEmpty {
                    place(index, units: 0..<1)  // taller than a page: give it a page of its own
                } else {
                    waitingFloats.append(index)
                }
                continue
            }
            if let group = item.group, !checkedGroups.contains(group) {
                checkedGroups.insert(group)
                let height = groupHeight(group, from: index)
                if !pageIsEmpty, cursor + gap(before: index) + height > bottom, height <= style.bodyHeight {
                    newPage()
                }
            }
            if case .frameEnd = item.content {
                place(index, units: 0..<1)  // padding only: may use the bottom margin
                continue
            }
            if !pageIsEmpty, cursor + gap(before: index) + minimumStart(of: index) > bottom {
                newPage()
            }
            if item.isSplittable {
                placeSplitting(index)
            } else {
                place(index, units: 0..<1)
            }
        }
        while !waitingFloats.isEmpty { newPage() }
        if !pageIsEmpty { pages.append(page) }
        return pages
    }

    func fits(_ index: Int) -> Bool {
        cursor + gap(before: index) + items[index].height <= bottom + 0.01
    }

    /// Places the lines of a text item, splitting it across pages.
    mutating func placeSplitting(_ index: Int) {
        let item = items[index]
        var start = 0
        let count = item.unitCount
        while start < count {
            let available = bottom - cursor - gap(before: index)
            var end = start
            while end < count, item.height(of: start..<(end + 1)) <= available + 0.01 { end += 1 }
            if end == count {
                place(index, units: start..<end)
                return
            }
            // Leave at least two lines on each side of the break.
            if count - end < minimumLines { end = count - minimumLines }
            let needed = start == 0 ? minimumLines : 1
            if end - start < needed {
                if pageIsEmpty {
                    end = max(start + 1, end)  // a page of one huge line: place what we must
                } else {
                    newPage()
                    continue
                }
            }
            place(index, units: start..<end)
            newPage()
            start = end
        }
    }

    mutating func place(_ index: Int, units: Range<Int>) {
        let item = items[index]
        let y = cursor + gap(before: index)
        page.placements.append(Placement(item: index, units: units, y: y))
        cursor = y + item.height(of: units)
        previousSpaceAfter = item.spaceAfter
        if case .frameStart = item.content { previousWasFrameStart = true } else { previousWasFrameStart = false }
    }

    /// Ends the current page and starts a new one, placing waiting floats at its top.
    mutating func newPage() {
        pages.append(page)
        page = Page()
        cursor = style.marginTop
        previousSpaceAfter = 0
        previousWasFrameStart = false
        while let first = waitingFloats.first, pageIsEmpty || fits(first) {
            waitingFloats.removeFirst()
            place(first, units: 0..<1)
        }
    }
}
