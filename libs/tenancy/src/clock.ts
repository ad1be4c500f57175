/**
 * The one clock every time-dependent rule reads (SPEC §1). It starts at GATEHOUSE_NOW (or real time)
 * and runs forward in real time; `set` moves it.
 */
export class Clock {
  private offsetMs = 0;

  constructor(start?: Date) {
    if (start) this.set(start);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Seconds since the epoch, as in JWT `iat`/`exp`. */
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  set(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }
}
