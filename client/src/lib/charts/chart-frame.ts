// The plotting area shared by a chart's SVG and its axes: the SVG is width × height user units and the
// margins hold the axes.
export interface PlotFrame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}
