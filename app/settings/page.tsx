import { SettingsPage } from '../_components/settings/settings-page';

export default function Settings() {
  return <SettingsPage />;
}
