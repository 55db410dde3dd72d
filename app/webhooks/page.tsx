import { WebhooksPage } from './_components/webhooks-page';

export default function Webhooks() {
  return <WebhooksPage />;
}
