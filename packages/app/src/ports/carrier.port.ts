/**
 * Carriers (voice) and channels (messaging) as the session engine sees them. Adapters: carrier-simulator,
 * carrier-twilio.
 */
import type { Channel, Direction } from '@livespace/protocol';

/** Providers whose failures show on a session: speech recognition, speech synthesis, a messaging channel. */
export type ProviderSource = 'stt' | 'tts' | 'channel';

/** A stream of mixed call audio: 160-byte μ-law frames, one every 20 ms. */
export interface MediaStream {
  /** Calls `onFrame` with every frame from now on; returns an unsubscribe function. */
  subscribe(onFrame: (frame: Uint8Array) => void): () => void;
  /**
   * Records the call from now until its audio closes: a stereo 16-bit 8 kHz WAV at `path` (caller left; AI and
   * human right), appended about once a second so the file is always playable. Resolves when the file is complete.
   */
  record?(path: string): Promise<RecordingResult>;
}

/** A finished call recording: the WAV file's size and how much audio it holds. */
export interface RecordingResult {
  bytes: number;
  durationMs: number;
}

/** What the session wants said to the caller: words, and for voice the synthesized frames. */
export interface OutgoingLine {
  text: string;
  frames?: Uint8Array[];
  /** Who speaks: the AI or a human who took over (affects nothing on the wire but the voice). */
  speaker: 'ai' | 'human';
  /** Called when the line's first audio frame leaves for the caller (voice) or its message is sent. */
  onFirstFrame?: () => void;
  /** The transcript line this is (messages: a reaction to the message sent finds it). */
  lineId?: string;
}

/**
 * What a messaging customer did besides writing (WhatsApp): changed or reacted to a line (named by its
 * lineId), changed who they are (a new number; their profile name), or opened the chat for the first time.
 * Each is shown on the session; none is a line for the AI to answer. `text` says it in words, for the
 * transcript when the line it names is not there.
 */
export type ConversationEvent =
  | { kind: 'message_edited'; target: string | null; text: string }
  | { kind: 'message_deleted'; target: string | null }
  | { kind: 'reaction'; target: string | null; emoji: string | null }
  | { kind: 'customer'; callerNumber?: string; callerName?: string | null }
  | { kind: 'welcome' };

/** Progress of an outgoing line while it plays: how much of it the caller has heard. */
export type PlayProgress = (playedMs: number, totalMs: number) => void;

export type PlayResult = 'done' | 'interrupted' | 'hungup';

/** One live call or conversation, owned by one session actor. */
export interface CallLeg {
  readonly id: string;
  readonly channel: Channel;
  readonly direction: Direction;
  /** The far end's number (E.164, or `whatsapp:+…` stripped to E.164). */
  readonly remote: string;
  /** Our number. */
  readonly local: string;
  /** The far end's name as the channel gives it (a WhatsApp profile name), when it does. */
  readonly remoteName?: string | null;
  /** Plays audio (voice) or sends a message (sms/whatsapp). Lines queue; resolves when this one finished. */
  send(line: OutgoingLine, onProgress?: PlayProgress): Promise<PlayResult>;
  /** Live audio of a person who took over (their microphone): 20 ms μ-law frames, played as they come. Voice only. */
  sendAudio?(frame: Uint8Array): void;
  /** Hold audio for a caller waiting for a person, until hold(false). Voice only. */
  hold?(on: boolean): void;
  /** Drops queued and playing outgoing audio; pending sends resolve 'interrupted'. */
  clear(): void;
  /** Ends the call from our side. */
  hangup(reason: string): void;
  /** Mixed audio of the call (caller, AI and any human), for listeners. Absent on message channels. */
  readonly media?: MediaStream;
  /** The session attaches here to receive what the caller does. */
  attach(handler: CallLegHandler): void;
}

/** Events from the caller's side of a leg. */
export interface CallLegHandler {
  /** An outbound call rings at the far end. */
  onRinging(): void;
  /** An outbound call was answered, by a person or by a machine (voicemail, as the carrier detected it). */
  onAnswered(by: 'human' | 'machine'): void;
  /** Words recognised so far in the line being spoken (voice only). */
  onCallerPartial(text: string): void;
  /**
   * A finished caller line or an inbound message; `lineId`: the id the leg gave it (messages), else the session picks
   * one.
   */
  onCallerFinal(text: string, lineId?: string): void;
  /** Messages: an edit, deletion or reaction of the customer's, a change of who they are, a welcome request. */
  onConversationEvent(e: ConversationEvent): void;
  /** Keys the caller pressed (voice): one entry, ended by `#` or a pause. The flow reads it like a spoken line. */
  onCallerDigits(digits: string): void;
  /** The caller started talking over the AI (real calls): the AI stops so the caller is heard (barge-in). */
  onCallerSpeech(): void;
  /**
   * A provider the session depends on failed (speech recognition, synthesis, sending messages); the session goes on
   * without it.
   */
  onProviderError(source: ProviderSource, message: string): void;
  /**
   * The far end hung up or the conversation closed; an outbound call that never connected ends `no_answer`, `busy` or
   * `failed`.
   */
  onHangup(reason: string): void;
}

/** A call Live Space places. */
export interface DialRequest {
  /** E.164. */
  to: string;
  /** Our number shown to the callee (E.164). */
  from: string;
  /** Simulator only: the virtual callee's persona (else the number picks one). */
  persona?: string;
  /** Ask the carrier to tell a machine (voicemail) from a person. */
  detectMachine: boolean;
}

/**
 * An outbound call, created idle: `dial()` places it once its session is durably recorded (so a crash never dials
 * twice).
 */
export interface OutboundLeg extends CallLeg {
  dial(): void;
}

/** Announces new inbound legs; the server wires each to a new session. */
export interface Carrier {
  readonly name: string;
  onIncoming(handler: (leg: CallLeg, meta: { agentId?: string }) => void): void;
  /** A new outbound call to `req.to`; nothing happens on the wire until its `dial()`. */
  outbound(req: DialRequest): OutboundLeg;
  close(): Promise<void>;
}
