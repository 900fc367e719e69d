/**
 * A bounded FIFO with back-pressure by dropping the oldest item: live video never waits for
 * analysis, and a slow analyser sees the freshest frames. Drops are counted for the report.
 */
export class FrameQueue<T> {
  private readonly items: T[] = [];
  private droppedCount = 0;

  constructor(
    readonly capacity: number,
    private readonly onDrop: (item: T) => void = () => {},
  ) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  /** Adds an item, dropping the oldest when full. */
  push(item: T): void {
    if (this.items.length >= this.capacity) {
      const oldest = this.items.shift();
      if (oldest !== undefined) {
        this.droppedCount++;
        this.onDrop(oldest);
      }
    }
    this.items.push(item);
  }

  shift(): T | undefined {
    return this.items.shift();
  }

  /** Empties the queue; cleared items do not count as dropped. */
  clear(): void {
    this.items.length = 0;
  }

  get size(): number {
    return this.items.length;
  }

  get dropped(): number {
    return this.droppedCount;
  }
}
