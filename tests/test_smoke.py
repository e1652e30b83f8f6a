from rodtrad.people.models import Child


def test_it_stores_a_child(child: Child) -> None:
    assert Child.objects.get().full_name == "Emil Hansen"
