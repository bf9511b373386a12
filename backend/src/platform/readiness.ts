import { Injectable } from '@nestjs/common';

/** Start-up work (read-model rebuilds, connections) that must finish before /ready says yes. */
@Injectable()
export class Readiness {
  private readonly pending = new Map<string, string>();

  /** Registers a named piece of start-up work; call the returned function when it is done. */
  begin(name: string, description: string): () => void {
    this.pending.set(name, description);
    return () => this.pending.delete(name);
  }

  get waitingFor(): string[] {
    return [...this.pending.values()];
  }
}
