package dev.easel.charts;

import java.util.List;
import java.util.Map;
import org.jfree.data.xy.AbstractXYDataset;
import org.jfree.data.xy.OHLCDataset;

/**
 * Candle series as JFreeChart's OHLC dataset, x being the label's slot (0, 1, …) on a symbol
 * axis rather than a date: a planner's candles are labelled ("Q1", "Mon"), not timestamped.
 */
final class CandleDataset extends AbstractXYDataset implements OHLCDataset {
    private final List<Series> series;
    private final Map<String, Integer> positions;

    CandleDataset(List<Series> series, Map<String, Integer> positions) {
        this.series = series;
        this.positions = positions;
    }

    private Series.Candle candle(int s, int i) {
        return ((Series.Candles) series.get(s)).candles().get(i);
    }

    @Override
    public int getSeriesCount() {
        return series.size();
    }

    @Override
    public Comparable<String> getSeriesKey(int s) {
        return series.get(s).name();
    }

    @Override
    public int getItemCount(int s) {
        return series.get(s).size();
    }

    @Override
    public Number getX(int s, int i) {
        return positions.get(candle(s, i).label());
    }

    @Override
    public Number getY(int s, int i) {
        return candle(s, i).close();
    }

    @Override
    public Number getHigh(int s, int i) {
        return candle(s, i).high();
    }

    @Override
    public double getHighValue(int s, int i) {
        return candle(s, i).high();
    }

    @Override
    public Number getLow(int s, int i) {
        return candle(s, i).low();
    }

    @Override
    public double getLowValue(int s, int i) {
        return candle(s, i).low();
    }

    @Override
    public Number getOpen(int s, int i) {
        return candle(s, i).open();
    }

    @Override
    public double getOpenValue(int s, int i) {
        return candle(s, i).open();
    }

    @Override
    public Number getClose(int s, int i) {
        return candle(s, i).close();
    }

    @Override
    public double getCloseValue(int s, int i) {
        return candle(s, i).close();
    }

    @Override
    public Number getVolume(int s, int i) {
        return 0;
    }

    @Override
    public double getVolumeValue(int s, int i) {
        return 0;
    }
}
