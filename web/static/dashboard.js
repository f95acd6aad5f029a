// The dashboard's charts (Apache ECharts): drawn from the figures the page
// carries in #dashboard-data; every bar and point opens the list behind it.
// Without script the same figures stand in the tables under each chart.
(function () {
  'use strict';
  var data = document.getElementById('dashboard-data');
  if (!data || !window.echarts) { return; }
  var d = JSON.parse(data.textContent);
  var colors = ['#0b57a4', '#9f1d20', '#1a7f37'];
  var charts = [];
  function draw(el) {
    var set = d[el.getAttribute('data-chart')];
    if (!set) { return; }
    var campaigns = el.getAttribute('data-chart') === 'campaigns';
    if (campaigns) {
      // Each campaign's whole label (number · name), wrapped: room for
      // two or three lines a bar group.
      el.style.height = Math.max(320, set.labels.length * 48 + 60) + 'px';
    }
    var chart = window.echarts.init(el, null, { locale: d.lang, renderer: 'canvas' });
    var series = set.series.map(function (s, i) {
      return { name: s.name, type: campaigns ? 'bar' : 'line', data: s.values, smooth: false,
        itemStyle: { color: colors[i % colors.length] }, emphasis: { focus: 'series' } };
    });
    var category = { type: 'category', data: set.labels, axisTick: { alignWithLabel: true } };
    if (campaigns) {
      category.axisLabel = { interval: 0, width: Math.max(90, Math.min(220, Math.round(el.clientWidth * 0.38))), overflow: 'break', lineHeight: 15 };
    }
    var value = { type: 'value', minInterval: 1 };
    chart.setOption({
      animation: false,
      aria: { enabled: false }, // the table under the chart holds the figures
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: campaigns ? value : category,
      yAxis: campaigns ? Object.assign({ inverse: true }, category) : value,
      series: series
    });
    chart.on('click', function (p) {
      var s = set.series[p.seriesIndex];
      if (s && s.links[p.dataIndex]) { window.location.href = s.links[p.dataIndex]; }
    });
    el.setAttribute('data-drawn', '1');
    charts.push(chart);
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-chart]'), draw);
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
}());
