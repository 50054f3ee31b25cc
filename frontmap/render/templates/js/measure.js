// leaflet-measure 2.1.7 predates Leaflet 1.8, whose markers pan the map to
// themselves when focused; its map-sized capture marker must not
// (leaflet-measure issue 171), or every click would scroll the map away.
L.Control.Measure.include({
    _setCaptureMarkerIcon: function () {
        this._captureMarker.options.autoPanOnFocus = false;
        this._captureMarker.setIcon(L.divIcon({iconSize: this._map.getSize().multiplyBy(2)}));
    }
});
{{ map }}.addControl(new L.Control.Measure({
    position: 'topleft',
    primaryLengthUnit: 'kilometers',
    secondaryLengthUnit: 'meters',
    primaryAreaUnit: 'sqkilometers',
    secondaryAreaUnit: 'hectares',
    units: {sqkilometers: {factor: 1e-6, display: 'km²', decimals: 2}}
}));
