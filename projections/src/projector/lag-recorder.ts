/** Keeps the most recent lag samples in a ring and answers percentiles over them. */
export class LagRecorder {
  private readonly samples: Float64Array;
  private count = 0;

  constructor(private readonly capacity = 10_000) {
    this.samples = new Float64Array(capacity);
  }

  record(ms: number): void {
    this.samples[this.count % this.capacity] = ms;
    this.count++;
  }

  percentiles(): { p50: number; p99: number; samples: number } {
    const n = Math.min(this.count, this.capacity);
    if (n === 0) return { p50: 0, p99: 0, samples: 0 };
    const sorted = Array.from(this.samples.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))]!;
    return { p50: at(0.5), p99: at(0.99), samples: n };
  }
}
