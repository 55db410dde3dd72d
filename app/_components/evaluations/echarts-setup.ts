import * as echarts from 'echarts/core';
import { BoxplotChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

/** Only the parts of echarts the report draws (box plot, scatter strip), loaded in the browser on demand. */
echarts.use([BoxplotChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);
export { echarts };
