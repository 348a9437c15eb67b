// 随手拍: the anonymous report page. Plain script, no build step; talks to the public residents API only.
(function () {
  'use strict';
  var $ = function (id) {
    return document.getElementById(id);
  };
  var params = new URLSearchParams(location.search);
  var district = params.get('j') || localStorage.getItem('cw-district') || '';
  var place = { lat: undefined, long: undefined };
  var media = [];

  function deviceId() {
    var id = localStorage.getItem('cw-device');
    if (!id) {
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      id = Array.prototype.map
        .call(bytes, function (b) {
          return ('0' + b.toString(16)).slice(-2);
        })
        .join('');
      localStorage.setItem('cw-device', id);
    }
    return id;
  }
  function mine() {
    try {
      return JSON.parse(localStorage.getItem('cw-reports') || '[]');
    } catch (e) {
      return [];
    }
  }
  function remember(code, secret) {
    var all = mine().filter(function (r) {
      return r.code !== code;
    });
    all.unshift({ code: code, secret: secret });
    localStorage.setItem('cw-reports', JSON.stringify(all.slice(0, 20)));
  }
  function secretOf(code) {
    var r = mine().find(function (x) {
      return x.code === code;
    });
    return r && r.secret;
  }

  function api(path, options) {
    return fetch(path, options).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          if (!res.ok) {
            var msg =
              res.status === 429
                ? '提交太频繁，请稍后再试'
                : body.errors
                  ? body.errors
                      .map(function (e) {
                        return e.field;
                      })
                      .join('、') + ' 填写有误'
                  : body.message || '出错了';
            throw new Error(msg);
          }
          return body;
        });
    });
  }
  function option(value, text) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    return o;
  }

  function show(view) {
    $('report-view').hidden = view !== 'report';
    $('track-view').hidden = view !== 'track';
    $('tab-report').classList.toggle('active', view === 'report');
    $('tab-track').classList.toggle('active', view === 'track');
    if (view === 'track') listMine();
  }
  $('tab-report').onclick = function () {
    show('report');
  };
  $('tab-track').onclick = function () {
    show('track');
  };

  var streets = [];
  function loadPlaces() {
    if (!district) {
      $('report-error').textContent = '请在网址后加上区县代码，如 /report/?j=620102';
      return;
    }
    localStorage.setItem('cw-district', district);
    api('/api/residents/public/places/' + encodeURIComponent(district))
      .then(function (p) {
        streets = p.streets;
        $('street').replaceChildren.apply(
          $('street'),
          streets.map(function (s) {
            return option(s.code, s.name);
          }),
        );
        fillCommunities();
      })
      .catch(function (e) {
        $('report-error').textContent = e.message;
      });
    api('/api/residents/public/categories').then(function (cs) {
      $('category').replaceChildren.apply(
        $('category'),
        cs.map(function (c) {
          return option(c.code, c.name);
        }),
      );
    });
  }
  function fillCommunities() {
    var s =
      streets.find(function (x) {
        return x.code === $('street').value;
      }) || streets[0];
    var list = s ? s.communities : [];
    $('community').replaceChildren.apply(
      $('community'),
      list.map(function (c) {
        return option(c.code, c.name);
      }),
    );
  }
  $('street').onchange = fillCommunities;

  $('locate').onclick = function () {
    if (!navigator.geolocation) {
      $('gps').textContent = '此设备不支持定位';
      return;
    }
    $('gps').textContent = '定位中…';
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        place.lat = Math.round(pos.coords.latitude * 1e6) / 1e6;
        place.long = Math.round(pos.coords.longitude * 1e6) / 1e6;
        $('gps').textContent = '已定位：' + place.lat + ', ' + place.long;
      },
      function () {
        $('gps').textContent = '定位失败，请填写具体位置';
      },
      { enableHighAccuracy: true, timeout: 10000 },
    );
  };

  $('photo').onchange = function () {
    var file = $('photo').files[0];
    media = [];
    if (!file) return;
    var form = new FormData();
    form.append('communityCode', $('community').value);
    form.append('deviceId', deviceId());
    if (place.lat !== undefined) {
      form.append('lat', String(place.lat));
      form.append('long', String(place.long));
    }
    form.append('file', file);
    $('photo-state').textContent = '照片上传中…';
    api('/api/residents/public/photos', { method: 'POST', body: form })
      .then(function (r) {
        media = [r.id];
        $('photo-state').textContent = '照片已上传';
      })
      .catch(function (e) {
        $('photo-state').textContent = '照片未能上传（' + e.message + '），可不带照片提交';
      });
  };

  $('report-form').onsubmit = function (ev) {
    ev.preventDefault();
    $('report-error').textContent = '';
    var body = {
      communityCode: $('community').value,
      category: $('category').value,
      description: $('description').value.trim(),
      deviceId: deviceId(),
    };
    if (place.lat !== undefined) {
      body.lat = place.lat;
      body.long = place.long;
    }
    if ($('address').value.trim()) body.address = $('address').value.trim();
    if ($('phone').value.trim()) body.phone = $('phone').value.trim();
    if (media.length) body.media = media;
    if (!body.description) {
      $('report-error').textContent = '请描述问题';
      return;
    }
    $('submit').disabled = true;
    api('/api/residents/public/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then(function (r) {
        remember(r.trackingCode, r.reopenSecret);
        $('report-form').hidden = true;
        $('receipt').hidden = false;
        $('tracking-code').textContent = r.trackingCode;
        $('receipt-duplicate').hidden = !r.duplicateOf;
      })
      .catch(function (e) {
        $('report-error').textContent = e.message;
      })
      .then(function () {
        $('submit').disabled = false;
      });
  };
  $('another').onclick = function () {
    $('report-form').reset();
    media = [];
    place = {};
    $('gps').textContent = '未定位';
    $('report-form').hidden = false;
    $('receipt').hidden = true;
    loadPlaces();
  };
  $('see-status').onclick = function () {
    show('track');
    track($('tracking-code').textContent);
  };

  function listMine() {
    $('mine').replaceChildren.apply(
      $('mine'),
      mine().map(function (r) {
        var li = document.createElement('li');
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = '我的上报 ' + r.code;
        b.onclick = function () {
          track(r.code);
        };
        li.appendChild(b);
        return li;
      }),
    );
  }
  $('track-form').onsubmit = function (ev) {
    ev.preventDefault();
    track($('track-code').value.trim().toUpperCase());
  };

  var current;
  function fmt(iso) {
    var d = new Date(iso);
    return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  }
  function track(code) {
    $('track-error').textContent = '';
    $('track-code').value = code;
    current = code;
    api('/api/residents/public/reports/' + encodeURIComponent(code))
      .then(function (s) {
        $('status').hidden = false;
        $('status-title').textContent = s.categoryName + ' · ' + s.communityName;
        $('status-badge').textContent = s.status === 'closed' ? '已办结' : '办理中';
        $('status-badge').className = 'badge' + (s.status === 'closed' ? ' closed' : '');
        $('status-stage').textContent = s.stageLabel;
        $('status-deadline').textContent =
          s.deadline && s.status !== 'closed' ? '整改期限：' + s.deadline + (s.overdue ? '（已超期）' : '') : '';
        $('status-duplicates').textContent =
          s.duplicateCount > 0
            ? '另有 ' + s.duplicateCount + ' 位居民反映了同一问题'
            : s.linkedTo
              ? '已与同一问题合并跟踪'
              : '';
        var photo = $('status-photo');
        photo.hidden = !s.media.length;
        if (s.media.length) photo.src = s.media[0];
        $('timeline').replaceChildren.apply(
          $('timeline'),
          s.history.map(function (h) {
            var li = document.createElement('li');
            var t = document.createElement('time');
            t.textContent = fmt(h.at);
            li.appendChild(t);
            li.appendChild(document.createTextNode(h.label + (h.note ? '：' + h.note : '')));
            return li;
          }),
        );
        var secret = secretOf(code);
        $('reopen-form').hidden = !(s.canReopen && secret);
        $('reopen-until').textContent = s.reopenUntil ? '可在 ' + s.reopenUntil + ' 前重新反映' : '';
      })
      .catch(function (e) {
        $('status').hidden = true;
        $('track-error').textContent = e.message;
      });
  }
  $('reopen-form').onsubmit = function (ev) {
    ev.preventDefault();
    var code = current;
    api('/api/residents/public/reports/' + encodeURIComponent(code) + '/reopen', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: secretOf(code), reason: $('reopen-reason').value.trim() }),
    })
      .then(function () {
        $('reopen-reason').value = '';
        track(code);
      })
      .catch(function (e) {
        $('track-error').textContent = e.message;
      });
  };

  loadPlaces();
  var hash = /track=([A-Z0-9]{10})/.exec(location.hash);
  if (hash) {
    show('track');
    track(hash[1]);
  }
})();
