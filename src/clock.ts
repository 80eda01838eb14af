/** The current instant. Injected so that tests can stand at any moment in any time zone. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
