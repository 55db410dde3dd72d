import { CostsPage } from '../_components/costs/costs-page';
import { Gate } from '../_components/ui/not-allowed';

export default function Costs() {
  return (
    <Gate action="cost.read" what="see the workspace's costs">
      <CostsPage />
    </Gate>
  );
}
