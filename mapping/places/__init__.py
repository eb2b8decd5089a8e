"""Where things are: the offline gazetteer, geocoding (cache, online, background jobs,
fixes), how precisely each row is placed, and the Folium map with its Leaflet files."""
