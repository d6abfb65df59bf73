import { renderDeploymentCard } from '../deploy/deployment-card.js';
import { renderAlertCard } from '../notify/alert-card.js';
import type { CardRef } from '../chat/replies/reply.js';
import type { CardRenderer } from './live-cards.js';

/** Card kind -> renderer. Each re-renders a card from the database alone. */
export const CARD_RENDERERS: Partial<Record<CardRef['kind'], CardRenderer>> = {
  deployment: renderDeploymentCard,
  alert: renderAlertCard,
};
