// Runs an alert's action groups: each email receiver gets a mail in the outbox (and through SMTP
// when SMTP_URL is set), each webhook receiver a POST of the common alert schema. Every delivery is
// recorded on the alert, "pending" first, so an alert is never lost to a receiver that is down:
// it shows as failed with the reason. Deliveries run beside evaluation, never in its way.
import nodemailer from 'nodemailer';
import type { AlertStore, Delivery, StoredAlert } from './alert-store';
import type { Delivery as MessageDelivery, NotificationMessage } from '../problems/notify';
import { alertMail, commonAlert } from './common-schema';
import { ActionGroupProperties } from './rule-schema';
import { postWebhook, type WebhookLimits } from './webhook';

export interface NotifierOptions {
  store: AlertStore;
  /** Where links in mails and payloads point: local-insights' own URL. */
  baseUrl: () => string;
  smtpUrl: string | null;
  mailFrom: string;
  webhook: WebhookLimits & { attempts: number; backoffMs: number };
  clock: () => Date;
}

export class Notifier {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly mailer: nodemailer.Transporter | null;

  constructor(private readonly options: NotifierOptions) {
    this.mailer = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  }

  /** Starts the deliveries and returns at once; `idle()` waits for them (tests, shutdown). */
  notify(alert: StoredAlert, groupNames: string[], description: string): void {
    const work = this.deliverAll(alert, groupNames, description).catch((error: unknown) => {
      this.record(alert, { receiver: '(all)', kind: 'actionGroup', status: 'failed', error: `delivery crashed: ${String(error)}`, attempts: 0 });
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /**
   * A message that is not an alert (a problem notification, problems/notify.ts) through an action
   * group's receivers: each email receiver gets its mail in the outbox (and through SMTP), each
   * webhook receiver its payload, with the same limits and retries as alerts. Answers the outcomes.
   */
  async sendMessage(groupName: string, message: NotificationMessage): Promise<MessageDelivery[]> {
    const parsed = ActionGroupProperties.safeParse(this.options.store.getDefinition('group', groupName));
    if (!parsed.success) return [{ receiver: groupName, kind: 'actionGroup', status: 'failed', error: `no action group named ${JSON.stringify(groupName)}` }];
    if (!parsed.data.enabled) return [{ receiver: groupName, kind: 'actionGroup', status: 'failed', error: 'the action group is disabled' }];
    const mails = parsed.data.emailReceivers.map(async (receiver): Promise<MessageDelivery> => {
      const id = this.options.store.addMail({ alertId: message.id, to: receiver.emailAddress, ...message.email, sentAt: this.options.clock().toISOString() });
      if (!this.mailer) return { receiver: receiver.name, kind: 'email', status: 'sent' };
      try {
        await this.mailer.sendMail({ from: this.options.mailFrom, to: receiver.emailAddress, subject: message.email.subject, text: message.email.body });
        this.options.store.setMailSmtp(id, 'sent');
        return { receiver: receiver.name, kind: 'email', status: 'sent' };
      } catch (error) {
        const reason = `SMTP: ${error instanceof Error ? error.message : String(error)}`;
        this.options.store.setMailSmtp(id, reason);
        return { receiver: receiver.name, kind: 'email', status: 'failed', error: reason };
      }
    });
    const hooks = parsed.data.webhookReceivers.map(async (receiver): Promise<MessageDelivery> => {
      const { attempts, backoffMs } = this.options.webhook;
      for (let attempt = 1; ; attempt++) {
        const outcome = await postWebhook(receiver.serviceUri, message.webhook, this.options.webhook);
        if (outcome.ok) return { receiver: receiver.name, kind: 'webhook', status: 'sent' };
        if (!outcome.retry || attempt >= attempts) return { receiver: receiver.name, kind: 'webhook', status: 'failed', error: `${outcome.error} (after ${attempt} attempt${attempt === 1 ? '' : 's'})` };
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
      }
    });
    const work = Promise.all([...mails, ...hooks]);
    const tracked = work.then(() => undefined, () => undefined);
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return work;
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.mailer?.close();
  }

  private async deliverAll(alert: StoredAlert, groupNames: string[], description: string): Promise<void> {
    const jobs: Array<Promise<void>> = [];
    for (const groupName of groupNames) {
      const parsed = ActionGroupProperties.safeParse(this.options.store.getDefinition('group', groupName));
      if (!parsed.success) {
        this.record(alert, { receiver: groupName, kind: 'actionGroup', status: 'failed', error: `no action group named ${JSON.stringify(groupName)}`, attempts: 0 });
        continue;
      }
      if (!parsed.data.enabled) {
        this.record(alert, { receiver: groupName, kind: 'actionGroup', status: 'muted', error: 'the action group is disabled', attempts: 0 });
        continue;
      }
      for (const receiver of parsed.data.emailReceivers) jobs.push(this.email(alert, receiver.name, receiver.emailAddress, description));
      for (const receiver of parsed.data.webhookReceivers) jobs.push(this.webhook(alert, receiver.name, receiver.serviceUri, description));
    }
    await Promise.all(jobs);
  }

  private async email(alert: StoredAlert, receiver: string, to: string, description: string): Promise<void> {
    const { subject, body } = alertMail(alert, description, this.options.baseUrl());
    const id = this.options.store.addMail({ alertId: alert.alertId, to, subject, body, sentAt: this.options.clock().toISOString() });
    if (!this.mailer) {
      this.record(alert, { receiver, kind: 'email', status: 'delivered', error: null, attempts: 1 });
      return;
    }
    this.record(alert, { receiver, kind: 'email', status: 'pending', error: null, attempts: 1 });
    try {
      await this.mailer.sendMail({ from: this.options.mailFrom, to, subject, text: body });
      this.options.store.setMailSmtp(id, 'sent');
      this.record(alert, { receiver, kind: 'email', status: 'delivered', error: null, attempts: 1 });
    } catch (error) {
      const message = `SMTP: ${error instanceof Error ? error.message : String(error)}`;
      this.options.store.setMailSmtp(id, message);
      this.record(alert, { receiver, kind: 'email', status: 'failed', error: message, attempts: 1 });
    }
  }

  private async webhook(alert: StoredAlert, receiver: string, serviceUri: string, description: string): Promise<void> {
    const payload = commonAlert(alert, description, this.options.baseUrl());
    const { attempts, backoffMs } = this.options.webhook;
    for (let attempt = 1; ; attempt++) {
      this.record(alert, { receiver, kind: 'webhook', status: 'pending', error: null, attempts: attempt });
      const outcome = await postWebhook(serviceUri, payload, this.options.webhook);
      if (outcome.ok) {
        this.record(alert, { receiver, kind: 'webhook', status: 'delivered', error: null, attempts: attempt });
        return;
      }
      if (!outcome.retry || attempt >= attempts) {
        this.record(alert, { receiver, kind: 'webhook', status: 'failed', error: `${outcome.error} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`, attempts: attempt });
        return;
      }
      // Wait longer after each failure: a receiver that is struggling is not hammered.
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
  }

  private record(alert: StoredAlert, delivery: Omit<Delivery, 'monitorCondition' | 'at'>): void {
    this.options.store.recordDelivery(alert.alertId, { ...delivery, monitorCondition: alert.monitorCondition, at: this.options.clock().toISOString() });
  }
}
