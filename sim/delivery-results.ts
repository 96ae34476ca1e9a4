// Deterministic failures spread evenly over the list: message i fails when the running
// count floor(n * share) steps up at i, so the failed count of the first n messages is
// simply floor(n * share) — O(1), no per-message state.
export function isFailedMessage(index: number, share: number): boolean {
  return Math.floor((index + 1) * share) > Math.floor(index * share);
}

export function failedAmong(count: number, share: number): number {
  return Math.floor(count * share);
}

/** SMS parts of a text: GSM-7 160/153, otherwise UCS-2 70/67 (a simulator-grade estimate). */
export function smsParts(text: string): number {
  const gsm = /^[\n\r\x20-\x7E£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà€]*$/.test(text);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  const length = [...text].length;
  return length <= single ? 1 : Math.ceil(length / multi);
}
