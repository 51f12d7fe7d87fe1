from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0011_three_letter_languages"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateCount",
            fields=[
                (
                    "counter",
                    models.CharField(max_length=64, primary_key=True, serialize=False),
                ),
                ("ends", models.BigIntegerField()),
                ("hits", models.PositiveIntegerField()),
            ],
        ),
    ]
