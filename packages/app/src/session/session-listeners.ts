/** Who listens to a call's audio (WebRTC): announced per person, released with the call. */
import type { Actor, SessionEventInput } from '@livespace/protocol';
import type { RtcListener } from '../ports/index';

export class SessionListeners {
  private readonly listening = new Map<RtcListener, Actor>();

  constructor(private readonly deps: { newId: () => string; emit(event: SessionEventInput): void }) {}

  /** Someone listens (silently: nothing reaches the caller or the AI); everyone sees who. */
  add(listener: RtcListener, by: Actor): void {
    // Announced per person: a second connection of the same user (Talk re-joins with a microphone) changes nothing
    // anyone sees.
    const already = this.isListening(by.id);
    this.listening.set(listener, by);
    if (!already) this.announce(`${by.name} is listening`, by);
    listener.onClosed(() => {
      if (!this.listening.delete(listener) || this.isListening(by.id)) return;
      this.announce(`${by.name} stopped listening`, by);
    });
  }

  /** Leaving releases everything: the listeners' connections go with the call. */
  closeAll(): void {
    const all = [...this.listening.keys()];
    this.listening.clear();
    for (const l of all) void l.close();
  }

  private isListening(userId: string): boolean {
    for (const a of this.listening.values()) if (a.id === userId) return true;
    return false;
  }

  private announce(text: string, by: Actor): void {
    const people = new Map([...this.listening.values()].map((a) => [a.id, a]));
    this.deps.emit({
      type: 'system',
      lineId: this.deps.newId(),
      kind: 'listeners',
      text,
      by,
      data: { listeners: [...people.values()] },
    });
  }
}
