import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../app-context.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

const transports = new Map<string, Transporter>();

/** True when SMTP_URL is configured; without it the caller shows links to the admin instead. */
export const mailEnabled = (app: AppContext) => Boolean(app.config.SMTP_URL);

/**
 * Sends one message through SMTP_URL. Throws when mail is not configured or the server refuses;
 * callers decide whether that is fatal. The body is never logged (it may carry a link with a token).
 */
export async function sendMail(app: AppContext, mail: OutgoingMail): Promise<void> {
  const url = app.config.SMTP_URL;
  if (!url) throw new Error('SMTP_URL is not set');
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transports.set(url, transport);
  }
  await transport.sendMail({ from: app.config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
}
