import datetime

from dxnavi.incidents.models import Incident, IncidentTask

UTC = datetime.timezone.utc


def incident(company, **fields):
    values = {"title": "経理PCでランサムウェア", "kind": "ransomware", "discovered_at": datetime.datetime(2026, 11, 30, 0, 30, tzinfo=UTC)}
    values.update(fields)
    return Incident.objects.create(company=company, **values)


def task(row, **fields):
    return IncidentTask.objects.create(company=row.company, incident=row, **{"title": "バックアップから復元する", **fields})


def incident_post(**over):
    data = {
        "title": "顧客名簿をメールで誤送信", "kind": "data_leak", "discovered_at": "2026-11-30T18:00", "status": "open",
        "summary": "取引先1社に顧客名簿を誤って送った。", "affected_systems": "メール", "affected_data": "顧客名簿（1,200人分）",
        "leak_over_1000": "on",
    }
    data.update(over)
    return data
